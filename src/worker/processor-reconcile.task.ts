import type { AppContext } from '../context.ts'
import { takeDueChecks } from '../db/processor-checks.ts'
import { processorPaymentChanged, reconcileProcessorPayment } from '../modules/checkout/index.ts'
import { reconcileRefund, syncRefundsFromPayment } from '../modules/refunds/index.ts'

// Composition of processor news: the checkout module applies a payment's state, the refunds module
// the refund state the same read shows. Both the webhook job and the scheduled reads come through here.

/** Job: a verified webhook said this payment changed; confirmed by reading before anything moves. */
export async function processorPaymentChangedJob(ctx: AppContext, payload: Record<string, unknown>): Promise<void> {
  const synced = await processorPaymentChanged(ctx, payload)
  if (synced) await syncRefundsFromPayment(ctx, synced)
}

/** Periodic task: every payment and refund whose next scheduled read is due (15 s, 1 min, 3 min, 10 min, 1 h, then 6-hourly). */
export async function runProcessorReconciliation(ctx: AppContext, batch = 50): Promise<number> {
  const due = await takeDueChecks(ctx.db, ctx.clock.now(), batch)
  for (const check of due) {
    try {
      if (check.kind === 'payment') {
        const synced = await reconcileProcessorPayment(ctx, check.subject_id)
        if (synced) await syncRefundsFromPayment(ctx, synced)
      } else await reconcileRefund(ctx, check.subject_id)
    } catch (err) {
      // The next scheduled read tries again; one unreachable processor must not stop the others.
      ctx.log.warn({ err, check: check.id, kind: check.kind }, 'processor reconciliation read failed')
    }
  }
  return due.length
}
