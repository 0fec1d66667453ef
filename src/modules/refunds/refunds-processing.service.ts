import type { AppContext } from '../../context.ts'
import type { Database } from '../../db/database.ts'
import type { PaymentStatus } from '../../db/schema.ts'
import { postEntry } from '../ledger/index.ts'
import { getProvider, type RefundResult } from '../provider/index.ts'
import { transitionPayment, findTransactionById, lockTransaction } from '../payments/index.ts'
import * as repo from './refunds.repository.ts'
import { recordRefundChanged } from './refunds.service.ts'

/**
 * Worker job `refunds.submit`: asks the provider to refund, OUTSIDE any DB transaction, then records the
 * result in one transaction. A provider error throws, so the job is retried with backoff; providers
 * dedupe on our refund id (`reference`), so a retry never refunds twice.
 */
export async function submitRefund(ctx: AppContext, payload: Record<string, unknown>): Promise<void> {
  const refund = await repo.findRefundById(ctx.db, Number(payload.refund_id))
  if (!refund || refund.status !== 'processing') return
  const tx = await findTransactionById(ctx.db, refund.transaction_id)
  if (!tx) throw new Error(`payment ${refund.transaction_id} of refund ${refund.id} vanished`)
  const result = await getProvider(ctx, refund.environment).refund({
    providerPaymentId: tx.provider_payment_id ?? tx.public_id,
    amountMinor: refund.amount_minor,
    currency: refund.currency,
    reference: refund.public_id,
  })
  await ctx.db.transaction().execute((trx) => recordRefundResult(ctx, trx, refund.id, result))
}

/**
 * Records the provider's answer: `completed` pays the held funds out to the provider; `failed` and
 * `rejected` release them to the wallet. Then the payment leaves `refund_pending` once no refund of it
 * is in flight. Idempotent: a refund already out of `processing` is left alone.
 */
export async function recordRefundResult(
  ctx: AppContext,
  trx: Database,
  refundId: number,
  result: RefundResult,
): Promise<void> {
  const now = ctx.clock.now()
  const current = await repo.findRefundById(trx, refundId)
  if (!current) return
  // The one lock order of every money movement: payment row, refund rows, then the wallet's accounts
  // (postEntry, last), then the per-day refund counts (deferred to commit).
  const tx = await lockTransaction(trx, current.transaction_id)
  if (!tx) throw new Error(`payment ${current.transaction_id} vanished`)
  const patch =
    result.status === 'completed'
      ? { provider_refund_id: result.providerRefundId, failure_message: null }
      : { provider_refund_id: result.providerRefundId, failure_message: result.message.slice(0, 1000) }
  const refund = await repo.setRefundStatus(trx, refundId, 'processing', result.status, patch, now)
  if (!refund) return
  await recordRefundChanged(trx, refund)
  const completed = result.status === 'completed'
  const refunded = tx.amount_refunded_minor + (completed ? refund.amount_minor : 0)
  if (tx.status === 'refund_pending' && (await repo.countInFlight(trx, tx.id)) === 0) {
    const to: PaymentStatus =
      refunded >= tx.gross_amount_minor
        ? 'refunded'
        : refunded > 0
          ? 'partially_refunded'
          : tx.status_before_refund === 'partially_refunded'
            ? 'partially_refunded'
            : 'paid'
    const moved = await transitionPayment(
      trx,
      tx,
      to,
      { amount_refunded_minor: refunded, status_before_refund: null },
      now,
    )
    if (!moved) throw new Error(`payment ${tx.id} changed while locked`)
  } else if (completed) {
    await repo.setAmountRefunded(trx, tx.id, refunded, now)
  }
  await postEntry(trx, {
    scope: { organizationId: refund.organization_id, environment: refund.environment },
    currency: refund.currency,
    kind: completed ? 'refund_completed' : 'refund_released',
    key: `refund:${refund.id}:${completed ? 'completed' : 'released'}`,
    transactionId: refund.transaction_id,
    refundId: refund.id,
    postings: [
      { account: 'refund_held', amountMinor: -refund.amount_minor },
      completed
        ? { account: 'provider_clearing', amountMinor: refund.amount_minor }
        : { account: 'available', amountMinor: refund.amount_minor },
    ],
  })
}
