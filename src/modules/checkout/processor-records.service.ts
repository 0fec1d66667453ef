import type { Database } from '../../db/database.ts'
import { countAttemptsOfProviderPayment, setReviewFlag } from './processor-payments.repository.ts'
import { formatMinor } from '../../lib/money.ts'
import type { ProviderPayment } from '../provider/index.ts'
import { recordDepositAttempt } from '../payments/index.ts'
import type { TransactionRow } from '../payments/index.ts'

// What a processor payment leaves on Kassa's payment: its deposit attempts, and the review flag
// when the processor's amount or currency is not Kassa's.

/** Why the processor's payment is not the one Kassa asked for, or null when amount and currency match. */
export function integrityProblem(
  payment: Pick<ProviderPayment, 'amountMinor' | 'currency'>,
  expected: { amountMinor: number; currency: string },
): string | null {
  // A processor that does not report an amount (the simulator) has nothing to compare.
  if (payment.amountMinor === null && payment.currency === null) return null
  if (payment.amountMinor === expected.amountMinor && payment.currency === expected.currency) return null
  const shown = (minor: number | null, currency: string | null) =>
    `${minor === null ? '?' : formatMinor(minor)} ${currency ?? '?'}`
  return `amount_mismatch: the processor reports ${shown(payment.amountMinor, payment.currency)}, Kassa expects ${shown(expected.amountMinor, expected.currency)}`
}

/** Flags the payment for a person to look at; the first reason is kept. */
export async function flagForReview(trx: Database, tx: Pick<TransactionRow, 'id'>, reason: string, now: Date) {
  await setReviewFlag(trx, tx.id, reason.slice(0, 500), now)
}

/** Appends the processor's deposit attempts Kassa has not recorded yet (matched by count per processor payment). */
export async function recordProcessorAttempts(
  trx: Database,
  transactionId: number,
  payment: ProviderPayment,
  now: Date,
  options: { emitEvent?: boolean } = { emitEvent: false },
) {
  const recorded = await countAttemptsOfProviderPayment(trx, transactionId, payment.providerPaymentId)
  const attempts =
    payment.attempts.length > 0
      ? payment.attempts
      : [
          {
            status: payment.status === 'succeeded' ? ('succeeded' as const) : ('failed' as const),
            amountMinor: payment.amountMinor,
            paymentMethod: null,
            error: payment.failureMessage,
            attemptedAt: now,
          },
        ]
  const fresh = attempts.slice(recorded)
  for (const [i, attempt] of fresh.entries()) {
    await recordDepositAttempt(
      trx,
      transactionId,
      {
        status:
          attempt.status === 'succeeded'
            ? 'succeeded'
            : attempt.status === 'failed'
              ? 'requires_payment_method'
              : 'processing',
        payment_id: payment.providerPaymentId,
        error_message:
          attempt.status === 'failed' ? (attempt.error ?? payment.failureMessage ?? 'The payment failed.') : null,
        card_brand: null,
        card_last4: null,
        attempted_at: attempt.attemptedAt ?? now,
      },
      { emitEvent: options.emitEvent !== false && i === fresh.length - 1 },
    )
  }
}
