import type { AppContext } from '../../context.ts'
import { endCheck, scheduleCheck } from '../../db/processor-checks.ts'
import type { Environment } from '../../db/schema.ts'
import { findTransactionById } from '../payments/index.ts'
import { getProcessor, type ProviderPayment, type ProviderRefundResult } from '../provider/index.ts'
import { recordRefundResult } from './refunds-processing.service.ts'
import * as repo from './refunds.repository.ts'

// Refunds at a processor that may decide later (Inflow: REFUND_PENDING, then FULLY_REFUNDED or
// REFUND_FAILED) and has no idempotency keys. The submission is recorded BEFORE the call; a retry
// after an uncertain answer reads first and sends again only when the processor shows no refund.
// A `processing` answer keeps the refund processing (funds held) until a webhook or a scheduled read
// says completed (held funds paid out) or failed (held funds released to the wallet).

const SEVEN_DAYS_MS = 7 * 24 * 3_600_000

async function record(ctx: AppContext, refundId: number, result: ProviderRefundResult) {
  if (result.status === 'processing') return false
  await ctx.db.transaction().execute(async (trx) => {
    await recordRefundResult(ctx, trx, refundId, result)
    await endCheck(trx, 'refund', refundId)
  })
  return true
}

/** Worker job `refunds.submit`: the provider call OUTSIDE any DB transaction, its answer recorded after. */
export async function submitRefund(ctx: AppContext, payload: Record<string, unknown>): Promise<void> {
  const refund = await repo.findRefundById(ctx.db, Number(payload.refund_id))
  if (!refund || refund.status !== 'processing') return
  const tx = await findTransactionById(ctx.db, refund.transaction_id)
  if (!tx) throw new Error(`payment ${refund.transaction_id} of refund ${refund.id} vanished`)
  const processor = getProcessor(ctx, refund.environment)
  const providerPaymentId = tx.provider_payment_id ?? tx.public_id
  if (refund.provider_submitted_at && processor.readRefund) {
    // A previous try may have reached the processor: what it shows decides.
    const state = await processor.readRefund({ providerPaymentId, providerRefundId: refund.provider_refund_id })
    if (state.status === 'processing') return
    if (state.status !== 'not_found') {
      await record(ctx, refund.id, state)
      return
    }
  }
  const now = ctx.clock.now()
  await ctx.db.transaction().execute(async (trx) => {
    await repo.markRefundSubmitted(trx, refund.id, now)
    await scheduleCheck(trx, {
      kind: 'refund',
      subjectId: refund.id,
      startedAt: now,
      stopAfter: new Date(now.getTime() + SEVEN_DAYS_MS),
    })
  })
  // An uncertain failure throws: the job is retried with backoff, and the retry reads first (above).
  const result = await processor.refund({
    providerPaymentId,
    amountMinor: refund.amount_minor,
    currency: refund.currency,
    reference: refund.public_id,
  })
  await record(ctx, refund.id, result)
}

/** Scheduled read of one processing refund. */
export async function reconcileRefund(ctx: AppContext, refundId: number): Promise<void> {
  const refund = await repo.findRefundById(ctx.db, refundId)
  if (!refund || refund.status !== 'processing') {
    await endCheck(ctx.db, 'refund', refundId)
    return
  }
  const processor = getProcessor(ctx, refund.environment)
  const tx = await findTransactionById(ctx.db, refund.transaction_id)
  if (!tx?.provider_payment_id || !processor.readRefund || !refund.provider_submitted_at) return
  const state = await processor.readRefund({
    providerPaymentId: tx.provider_payment_id,
    providerRefundId: refund.provider_refund_id,
  })
  if (state.status !== 'not_found') await record(ctx, refund.id, state)
}

/** A confirmed read of the payment (after a webhook) that shows the refund decided: recorded for its refunds. */
export async function syncRefundsFromPayment(
  ctx: AppContext,
  synced: { transactionId: number; environment: Environment; payment: ProviderPayment },
): Promise<number> {
  const { payment } = synced
  if (payment.refund !== 'completed' && payment.refund !== 'failed') return 0
  const refunds = await repo.findSubmittedProcessingRefunds(ctx.db, synced.transactionId, synced.environment)
  for (const refund of refunds) {
    const result: ProviderRefundResult =
      payment.refund === 'completed'
        ? { status: 'completed', providerRefundId: payment.providerPaymentId }
        : { status: 'failed', providerRefundId: null, message: 'The card processor could not complete the refund.' }
    await record(ctx, refund.id, result)
  }
  return refunds.length
}
