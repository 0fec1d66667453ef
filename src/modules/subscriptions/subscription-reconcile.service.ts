import type { AppContext } from '../../context.ts'
import type { TransactionRow } from '../payments/index.ts'
import { ProviderUncertainError, savedCardProcessor, type ReadChargeResult } from '../provider/index.ts'
import { recordChargeResult, subscriptionNow } from './subscription-charges.service.ts'
import * as repo from './subscriptions.repository.ts'

// The reconciliation of a lost answer: a worker died after calling the processor and before recording
// the result, so the charge stays `processing`. It is read back from the processor by its reference
// (the idempotency key of the charge), never charged again.

type Result = Parameters<typeof recordChargeResult>[2]

/** Charges left `processing` for over a minute (the worker died after calling the processor): read back and record. */
export async function reconcileStaleCharges(ctx: AppContext): Promise<number> {
  const stale = await repo.findStaleChargeContexts(ctx.db, ctx.clock.now(), 100)
  for (const row of stale) {
    const { subscription_environment, test_clock_id, payment_method_token, ...rest } = row
    const tx = rest as TransactionRow
    const processor = savedCardProcessor(ctx, subscription_environment)
    if (!payment_method_token || !processor.readCharge) continue
    let read: ReadChargeResult
    try {
      read = await processor.readCharge({
        paymentMethodId: payment_method_token,
        amountMinor: tx.gross_amount_minor,
        currency: tx.currency,
        reference: tx.public_id,
        offSession: true,
        providerPaymentId: tx.provider_payment_id,
      })
    } catch (err) {
      if (!(err instanceof ProviderUncertainError)) throw err
      continue // the processor cannot tell yet: read again on the next sweep
    }
    // Never received: nothing was charged, so the charge fails as a transport error (retried apart from dunning).
    const result: Result =
      read.outcome === 'not_found'
        ? {
            outcome: 'error',
            providerPaymentId: tx.public_id,
            message: 'The processor never received this charge.',
            retryable: true,
            card: null,
          }
        : read
    await recordChargeResult(ctx, tx.id, result, await subscriptionNow(ctx, ctx.db, { test_clock_id }), null)
  }
  return stale.length
}
