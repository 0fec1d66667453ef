import type { AppContext } from '../../context.ts'
import { parseLookupId } from '../../lib/ids.ts'
import { AppError, FieldErrors, notFound } from '../../lib/errors.ts'
import type { DashboardUser } from '../auth/index.ts'
import { actorOf, recordAudit } from '../audit/index.ts'
import { createRefund } from './refunds.service.ts'
import { findPayment } from '../payments/index.ts'
import { useRefundCode } from './verification.service.ts'

export interface DashboardRefundInput {
  transaction_id: string | number
  reason: string
  amount?: string | null
  verification_code: string
}

const REFUNDABLE = ['paid', 'partially_refunded', 'refund_pending']

/**
 * POST /api/refunds/ with a dashboard session: the emailed code, then the same refund as the API's
 * (createRefund: eligibility, wallet hold, provider call by the worker). The payment is looked up in
 * the user's organization, in whichever environment it lives; its environment scopes the refund.
 */
export async function createDashboardRefund(
  ctx: AppContext,
  user: DashboardUser,
  input: DashboardRefundInput,
  sandboxOnly: boolean,
) {
  const errors = new FieldErrors()
  if (input.reason.trim() === '') errors.add('reason', 'This field may not be blank.')
  if (!/^\d{6}$/.test(input.verification_code.trim()))
    errors.add('verification_code', 'Must be the 6-digit code sent by email.')
  const lookup = parseLookupId(String(input.transaction_id), 'TX')
  errors.throwIfAny()
  const payment =
    lookup &&
    (await findPayment(
      ctx.db,
      { organizationId: user.organizationId, environment: sandboxOnly ? 'sandbox' : null },
      lookup,
    ))
  if (!payment) throw notFound('Transaction')
  // Refused before the code is spent: the user can fix the request and keep the code.
  if (!REFUNDABLE.includes(payment.status)) {
    throw new AppError(
      'payment_not_refundable',
      `Only paid or partially refunded payments can be refunded; this payment is ${payment.status}.`,
    )
  }
  await useRefundCode(ctx, user, input.verification_code.trim())
  const scope = { organizationId: user.organizationId, environment: payment.environment }
  const created = await createRefund(ctx, scope, payment.public_id, { reason: input.reason, amount: input.amount })
  await recordAudit(
    ctx.db,
    actorOf(user),
    {
      action: 'refund.created',
      targetType: 'refund',
      targetId: created.refund_public_id,
      after: {
        transaction_id: payment.public_id,
        amount: created.amount,
        currency: created.currency,
        reason: input.reason.trim(),
        environment: payment.environment,
      },
    },
    ctx.clock.now(),
  )
  return created
}
