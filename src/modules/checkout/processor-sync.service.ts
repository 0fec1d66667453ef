import type { AppContext } from '../../context.ts'
import type { Database } from '../../db/database.ts'
import { endCheck } from '../../db/processor-checks.ts'
import { enqueue } from '../../db/jobs.ts'
import { cancelLocked } from './checkout-lifecycle.service.ts'
import { findTransactionForSession, lockSession, updateSession } from './hosted-checkout.repository.ts'
import { onDepositSettled, onPaymentSucceeded } from '../payments/index.ts'
import { consumeLinkUse, LinkUsedUpError } from '../payment-links/index.ts'
import { getProcessor } from '../provider/index.ts'
import type { ProviderPayment } from '../provider/index.ts'
import { transitionPayment } from '../payments/index.ts'
import {
  findProcessorPaymentById,
  type ProcessorPaymentRow,
  lockProcessorPayment,
  settlePendingDeposit,
  updateProcessorPayment,
} from './processor-payments.repository.ts'
import { flagForReview, integrityProblem, recordProcessorAttempts } from './processor-records.service.ts'

// A processor's word about one payment on its hosted page (a read after the return, a webhook's
// confirming read, a reconciliation read) applied to Kassa's lifecycle: events, ledger and merchant
// webhooks exactly as a card-field payment. Everything runs under the session row lock and is
// idempotent, so duplicate, replayed and out-of-order news change the state once.

/** A processor payment that succeeded on a session that can no longer take it: refunded by the worker. */
export const REFUND_STRAY_PAYMENT_JOB = 'checkout.refund-stray-processor-payment'

export type ApplyOutcome =
  | 'mismatch'
  | 'unchanged'
  | 'open'
  | 'paid'
  | 'settled'
  | 'declined'
  | 'failed'
  | 'canceled'
  | 'stray'

const FINAL = new Set(['succeeded', 'failed', 'canceled', 'abandoned', 'rejected'])

export async function applyProcessorPayment(
  ctx: AppContext,
  rowId: number,
  payment: ProviderPayment,
): Promise<ApplyOutcome> {
  try {
    return await ctx.db.transaction().execute((trx) => applyLocked(ctx, trx, rowId, payment, false))
  } catch (err) {
    // A payment link whose last use went to another buyer meanwhile: the payment cannot count.
    if (!(err instanceof LinkUsedUpError)) throw err
    return ctx.db.transaction().execute((trx) => applyLocked(ctx, trx, rowId, payment, true))
  }
}

async function applyLocked(
  ctx: AppContext,
  trx: Database,
  rowId: number,
  payment: ProviderPayment,
  linkUsedUp: boolean,
): Promise<ApplyOutcome> {
  const now = ctx.clock.now()
  const unlocked = await findProcessorPaymentById(trx, rowId)
  if (!unlocked) throw new Error(`processor payment ${rowId} vanished`)
  // The one lock order: session, then its processor payment, then the transaction.
  const session = await lockSession(trx, unlocked.checkout_session_id)
  const row = await lockProcessorPayment(trx, rowId)
  const tx = await findTransactionForSession(trx, session.id)
  const seen = {
    provider_payment_id: row.provider_payment_id ?? payment.providerPaymentId,
    provider_status: payment.rawStatus,
    provider_updated_at: payment.updatedAt,
    updated_at: now,
  }

  const problem = integrityProblem(payment, { amountMinor: session.total_minor, currency: session.currency })
  if (problem) {
    ctx.log.error(
      { payment: tx.public_id, provider: row.provider, providerPaymentId: payment.providerPaymentId, problem },
      'processor payment does not match Kassa: flagged for review, no money moved',
    )
    await flagForReview(trx, tx, problem, now)
    await updateProcessorPayment(trx, row.id, seen)
    return 'mismatch'
  }

  const current = session.status === 'open' && tx.status === 'processing'
  switch (payment.status) {
    case 'processing':
    case 'requires_action': {
      // A lost create found again. An abandoned one stays abandoned: a newer attempt may exist.
      const reopen = row.state === 'creating' || row.state === 'unknown'
      await updateProcessorPayment(trx, row.id, { ...seen, ...(reopen ? { state: 'open' } : {}) })
      return reopen ? 'open' : 'unchanged'
    }
    case 'succeeded': {
      await updateProcessorPayment(trx, row.id, { ...seen, state: 'succeeded' })
      if (current && !linkUsedUp) {
        if (session.payment_link_id !== null) await consumeLinkUse(trx, session.payment_link_id, now)
        await recordProcessorAttempts(trx, tx.id, payment, now)
        const settled = payment.depositStatus === 'succeeded'
        const paid = await transitionPayment(
          trx,
          tx,
          'paid',
          {
            deposit_status: settled ? 'succeeded' : 'pending',
            provider: row.provider,
            provider_payment_id: payment.providerPaymentId,
            paid_at: now,
            deposit_settled_at: settled ? now : null,
          },
          now,
        )
        if (!paid) throw new Error(`payment ${tx.id} changed under a locked session`)
        await updateSession(trx, session.id, {
          status: 'complete',
          attempt_reference: null,
          attempt_lease_until: null,
          updated_at: now,
        })
        await onPaymentSucceeded(trx, paid)
        if (settled) {
          await onDepositSettled(trx, paid)
          await endCheck(trx, 'payment', row.id)
        }
        return 'paid'
      }
      if (tx.provider_payment_id === payment.providerPaymentId) {
        // Ours and already paid: the deposit may have settled since.
        if (tx.deposit_status === 'pending' && payment.depositStatus === 'succeeded') {
          const updated = await settlePendingDeposit(trx, tx.id, now)
          if (updated) await onDepositSettled(trx, updated)
          await endCheck(trx, 'payment', row.id)
          return updated ? 'settled' : 'unchanged'
        }
        if (tx.deposit_status === 'succeeded') await endCheck(trx, 'payment', row.id)
        return 'unchanged'
      }
      // Paid at the processor, but the session is closed (canceled, expired, paid by another attempt,
      // payment link used up): Kassa cannot keep the money, so the worker refunds it there.
      if (row.state !== 'succeeded') {
        ctx.log.error(
          { session: session.public_id, providerPaymentId: payment.providerPaymentId, sessionStatus: session.status },
          'processor payment succeeded on a closed checkout; refunding it at the processor',
        )
        await enqueue(trx, REFUND_STRAY_PAYMENT_JOB, { processor_payment_id: row.id })
        if (linkUsedUp && session.status === 'open')
          await cancelLocked(ctx, trx, { session, tx }, 'payment_link_used_up')
      }
      await endCheck(trx, 'payment', row.id)
      return 'stray'
    }
    case 'failed': {
      if (FINAL.has(row.state) && row.state !== 'abandoned') {
        await updateProcessorPayment(trx, row.id, seen)
        return 'unchanged'
      }
      await updateProcessorPayment(trx, row.id, { ...seen, state: 'failed', failure_message: payment.failureMessage })
      await endCheck(trx, 'payment', row.id)
      if (!current) return 'unchanged'
      // A failed attempt: the customer may try again (a new processor payment) until the attempt limit.
      const failedAttempts = session.failed_attempts + 1
      const final = failedAttempts >= ctx.config.checkoutMaxAttempts
      await recordProcessorAttempts(trx, tx.id, payment, now, { emitEvent: !final })
      if (final) await transitionPayment(trx, tx, 'failed', {}, now)
      await updateSession(trx, session.id, {
        failed_attempts: failedAttempts,
        ...(final ? { status: 'failed' } : {}),
        attempt_reference: null,
        attempt_lease_until: null,
        updated_at: now,
      })
      return final ? 'failed' : 'declined'
    }
    case 'canceled': {
      if (row.state === 'canceled') return 'unchanged'
      await updateProcessorPayment(trx, row.id, { ...seen, state: 'canceled' })
      await endCheck(trx, 'payment', row.id)
      if (!current) return 'unchanged'
      await cancelLocked(
        ctx,
        trx,
        { session, tx },
        payment.rawStatus === 'CHECKOUT_CANCELED' ? 'checkout_canceled' : 'canceled',
      )
      return 'canceled'
    }
  }
}

/** Reads the processor payment now and applies it; a row without the processor's id cannot be read. */
export async function syncProcessorPayment(
  ctx: AppContext,
  row: ProcessorPaymentRow,
): Promise<{ outcome: ApplyOutcome; payment: ProviderPayment } | null> {
  if (!row.provider_payment_id) return null
  const payment = await getProcessor(ctx, row.environment).readPayment({ providerPaymentId: row.provider_payment_id })
  return { outcome: await applyProcessorPayment(ctx, row.id, payment), payment }
}
