import type { AppContext } from '../../context.ts'
import { endCheck } from '../../db/processor-checks.ts'
import { getProcessor } from '../provider/index.ts'
import type { ProviderPayment } from '../provider/index.ts'
import { purchaseUrlFor, UNKNOWN_CREATE_WINDOW_MS } from './hosted-redirect.service.ts'
import {
  findByProviderIdOrReference,
  findProcessorPaymentById,
  findSessionAmount,
  type ProcessorPaymentRow,
  updateProcessorPayment,
} from './processor-payments.repository.ts'
import { flagForReview, integrityProblem } from './processor-records.service.ts'
import { REFUND_STRAY_PAYMENT_JOB, syncProcessorPayment } from './processor-sync.service.ts'
import type { ProcessorChangedPayload } from './processor-webhook.service.ts'

// The worker's side of processor payments: a webhook's change confirmed by reading, a scheduled
// reconciliation read, and the refund of a payment that succeeded on a closed checkout.

export interface SyncedPayment {
  transactionId: number
  environment: ProcessorPaymentRow['environment']
  payment: ProviderPayment
}

/** A lost create named by a webhook: the processor's id (and the page URL, by pattern) recorded. */
async function adopt(ctx: AppContext, row: ProcessorPaymentRow, providerPaymentId: string) {
  if (row.provider_payment_id) return row
  const redirectUrl = await purchaseUrlFor(ctx, row, providerPaymentId)
  await updateProcessorPayment(ctx.db, row.id, {
    provider_payment_id: providerPaymentId,
    redirect_url: row.redirect_url ?? redirectUrl,
    updated_at: ctx.clock.now(),
  })
  ctx.log.warn({ processorPayment: row.id, providerPaymentId }, 'lost processor create found by its reference')
  return { ...row, provider_payment_id: providerPaymentId, redirect_url: row.redirect_url ?? redirectUrl }
}

/** The webhook's own amount is checked too: a mismatch there is flagged even when the read agrees. */
async function checkWebhookClaim(ctx: AppContext, row: ProcessorPaymentRow, job: ProcessorChangedPayload) {
  if (job.amount_minor === undefined && job.currency === undefined) return
  const expected = await findSessionAmount(ctx.db, row)
  const problem = integrityProblem(
    { amountMinor: job.amount_minor ?? null, currency: job.currency ?? null },
    { amountMinor: expected.total_minor, currency: expected.currency },
  )
  if (!problem) return
  ctx.log.error({ processorPayment: row.id, problem }, 'processor webhook does not match Kassa: flagged for review')
  await flagForReview(ctx.db, { id: row.transaction_id }, `webhook ${problem}`, ctx.clock.now())
}

/** Job: a webhook said a payment changed. The read decides, never the webhook's copy. */
export async function processorPaymentChanged(ctx: AppContext, payload: Record<string, unknown>) {
  const job = payload as unknown as ProcessorChangedPayload
  const found = await findByProviderIdOrReference(
    ctx.db,
    { provider: job.provider, environment: job.environment },
    job.provider_payment_id,
    job.reference,
  )
  if (!found) {
    ctx.log.warn(
      { provider: job.provider, providerPaymentId: job.provider_payment_id },
      'webhook for a payment Kassa did not create',
    )
    return null
  }
  const row = await adopt(ctx, found, job.provider_payment_id)
  await checkWebhookClaim(ctx, row, job)
  const synced = await syncProcessorPayment(ctx, row)
  return synced ? { transactionId: row.transaction_id, environment: row.environment, payment: synced.payment } : null
}

/** Scheduled read of one processor payment; a lost create without any trace is given up after its window. */
export async function reconcileProcessorPayment(ctx: AppContext, rowId: number): Promise<SyncedPayment | null> {
  const row = await findProcessorPaymentById(ctx.db, rowId)
  if (!row || ['failed', 'canceled', 'abandoned', 'rejected'].includes(row.state)) {
    await endCheck(ctx.db, 'payment', rowId)
    return null
  }
  if (!row.provider_payment_id) {
    const now = ctx.clock.now()
    if (row.created_at.getTime() + UNKNOWN_CREATE_WINDOW_MS <= now.getTime()) {
      await updateProcessorPayment(ctx.db, row.id, { state: 'abandoned', updated_at: now })
      await endCheck(ctx.db, 'payment', rowId)
      ctx.log.warn({ processorPayment: row.id, reference: row.reference }, 'lost processor create given up')
    }
    return null
  }
  const synced = await syncProcessorPayment(ctx, row)
  return synced ? { transactionId: row.transaction_id, environment: row.environment, payment: synced.payment } : null
}

/** Job: refunds at the processor a payment Kassa could not take (the checkout was closed when it succeeded). */
export async function refundStrayPayment(ctx: AppContext, payload: Record<string, unknown>): Promise<void> {
  const row = await findProcessorPaymentById(ctx.db, Number(payload.processor_payment_id))
  if (!row?.provider_payment_id) return
  const processor = getProcessor(ctx, row.environment)
  const current = await processor.readPayment({ providerPaymentId: row.provider_payment_id })
  if (current.refund !== 'none') return
  const session = await findSessionAmount(ctx.db, row)
  const result = await processor.refund({
    providerPaymentId: row.provider_payment_id,
    amountMinor: session.total_minor,
    currency: session.currency,
    reference: row.reference,
  })
  ctx.log.warn({ processorPayment: row.id, result: result.status }, 'stray processor payment refunded')
}

export { REFUND_STRAY_PAYMENT_JOB }
