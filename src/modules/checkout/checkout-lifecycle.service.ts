import type { Selectable } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { Database } from '../../db/database.ts'
import type { CheckoutSessionsTable } from '../../db/schema.ts'
import { enqueue } from '../../db/jobs.ts'
import {
  onDepositSettled,
  onPaymentSucceeded,
  recordDepositAttempt,
  transitionPayment,
  type TransactionRow,
} from '../payments/index.ts'
import type { CardSummary, ScriptedResult } from '../provider/index.ts'
import { countAttemptsWithStatus, updateSession } from './hosted-checkout.repository.ts'
import { consumeLinkUse } from '../payment-links/index.ts'
// What an attempt's result does to the session and its payment. Every function here runs inside the
// caller's DB transaction, with the session row locked, so two requests can never both apply a result.

export const SETTLE_DEPOSIT_QUEUE = 'checkout.settle-deposit'

export type SessionRow = Selectable<CheckoutSessionsTable>

export interface Locked {
  session: SessionRow
  tx: TransactionRow
}

export type AttemptResult = 'succeeded' | 'declined' | 'requires_action' | 'failed' | 'canceled' | 'pending'

const releasedLease = {
  attempt_reference: null,
  attempt_lease_until: null,
  challenge_payment_id: null,
  challenge_card: null,
} as const

/** Applies a provider (or scripted) result to a locked open session. */
export async function recordResult(
  ctx: AppContext,
  trx: Database,
  { session, tx }: Locked,
  result: ScriptedResult,
  options: { card: CardSummary | null; providerName: string; scripted: boolean },
): Promise<{ result: AttemptResult; message: string | null }> {
  const now = ctx.clock.now()
  const card = result.card ?? options.card
  switch (result.outcome) {
    case 'succeeded': {
      // First, so a payment link without a free use rolls the whole result back (max_uses is never exceeded).
      if (session.payment_link_id !== null) await consumeLinkUse(trx, session.payment_link_id, now)
      await recordDepositAttempt(
        trx,
        tx.id,
        {
          status: 'succeeded',
          payment_id: result.providerPaymentId,
          error_message: null,
          card_brand: card?.brand ?? null,
          card_last4: card?.last4 ?? null,
          attempted_at: now,
        },
        { emitEvent: false },
      )
      const settled = result.depositStatus === 'succeeded'
      const paid = await transitionPayment(
        trx,
        tx,
        'paid',
        {
          deposit_status: result.depositStatus,
          provider: options.providerName,
          provider_payment_id: result.providerPaymentId,
          card_brand: card?.brand ?? null,
          card_last4: card?.last4 ?? null,
          card_exp_month: card?.expMonth ?? null,
          card_exp_year: card?.expYear ?? null,
          paid_at: now,
          deposit_settled_at: settled ? now : null,
        },
        now,
      )
      if (!paid) throw new Error(`payment ${tx.id} changed under a locked session`)
      await updateSession(trx, session.id, { ...releasedLease, status: 'complete', updated_at: now })
      await onPaymentSucceeded(trx, paid)
      if (settled) await onDepositSettled(trx, paid)
      else
        await enqueue(
          trx,
          SETTLE_DEPOSIT_QUEUE,
          { transaction_id: tx.id },
          { runAt: new Date(now.getTime() + ctx.config.depositSettleDelayMs), singletonKey: `tx:${tx.id}` },
        )
      return { result: 'succeeded', message: null }
    }
    case 'declined':
    case 'error': {
      const failedAttempts = session.failed_attempts + 1
      // A scripted payment_failed fails the payment at once; real declines leave room to retry.
      const final = options.scripted || failedAttempts >= ctx.config.checkoutMaxAttempts
      await recordDepositAttempt(
        trx,
        tx.id,
        {
          status: 'requires_payment_method',
          payment_id: result.providerPaymentId,
          error_message: result.message,
          card_brand: card?.brand ?? null,
          card_last4: card?.last4 ?? null,
          attempted_at: now,
        },
        { emitEvent: !final },
      )
      if (final) {
        await transitionPayment(trx, tx, 'failed', {}, now)
        await updateSession(trx, session.id, {
          ...releasedLease,
          status: 'failed',
          failed_attempts: failedAttempts,
          updated_at: now,
        })
        return { result: 'failed', message: result.message }
      }
      await updateSession(trx, session.id, { ...releasedLease, failed_attempts: failedAttempts, updated_at: now })
      return { result: 'declined', message: result.message }
    }
    case 'requires_action':
      await updateSession(trx, session.id, {
        ...releasedLease,
        challenge_payment_id: result.providerPaymentId,
        challenge_card: card ? JSON.stringify(card) : null,
        updated_at: now,
      })
      return { result: 'requires_action', message: null }
    case 'canceled':
      await cancelLocked(ctx, trx, { session, tx }, session.sandbox_simulate ?? 'canceled')
      return { result: 'canceled', message: null }
    case 'pending':
      // checkout_pending: the payment stays `processing`; one `processing` attempt shows it in the history.
      if ((await countAttemptsWithStatus(trx, tx.id, 'processing')) === 0) {
        await recordDepositAttempt(trx, tx.id, {
          status: 'processing',
          payment_id: result.providerPaymentId,
          error_message: null,
          card_brand: null,
          card_last4: null,
          attempted_at: now,
        })
      }
      await updateSession(trx, session.id, { ...releasedLease, updated_at: now })
      return { result: 'pending', message: null }
  }
}

/** Cancels an open session and its payment (customer, scripted outcome, or expiry). */
export async function cancelLocked(
  ctx: AppContext,
  trx: Database,
  { session, tx }: Locked,
  reason: string,
  sessionStatus: 'canceled' | 'expired' = 'canceled',
) {
  const now = ctx.clock.now()
  if (tx.status === 'processing') await transitionPayment(trx, tx, 'canceled', { cancel_reason: reason }, now)
  await updateSession(trx, session.id, { ...releasedLease, status: sessionStatus, updated_at: now })
}

export const leaseActive = (session: SessionRow, now: Date) =>
  session.attempt_lease_until !== null && session.attempt_lease_until > now
