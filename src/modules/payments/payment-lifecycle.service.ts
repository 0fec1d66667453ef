import type { Updateable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { DepositAttemptsTable, PaymentStatus, TransactionsTable } from '../../db/schema.ts'
import { AppError } from '../../lib/errors.ts'
import { canTransition } from './payment-state.ts'
import { insertDepositAttempt, updateTransactionIfStatus } from './transactions.repository.ts'
import { recordTransactionChanged, type TransactionRow } from './transactions.service.ts'

export class IllegalTransitionError extends AppError {
  constructor(from: string, to: string) {
    super('illegal_payment_transition', `A payment cannot go from ${from} to ${to}.`)
  }
}

/**
 * Compare-and-set status change: succeeds only if the payment is still in `from`, so two concurrent
 * callers can never both win. Records `transaction.status_changed` in the same transaction.
 * Returns the updated row, or null when another writer changed the payment first.
 */
export async function transitionPayment(
  trx: Database,
  tx: Pick<TransactionRow, 'id' | 'status'>,
  to: PaymentStatus,
  patch: Updateable<TransactionsTable> = {},
  now: Date = new Date(),
): Promise<TransactionRow | null> {
  if (!canTransition(tx.status, to)) throw new IllegalTransitionError(tx.status, to)
  const updated = await updateTransactionIfStatus(trx, tx.id, tx.status, { ...patch, status: to, updated_at: now })
  if (!updated) return null
  await recordTransactionChanged(trx, updated.id, updated)
  return updated
}

/** Appends a deposit attempt and records the event: the attempt history is part of the webhook payload. */
export async function recordDepositAttempt(
  trx: Database,
  transactionId: number,
  attempt: Omit<DepositAttemptsTable, 'id' | 'transaction_id' | 'payment_method' | 'attempted_at'> & {
    attempted_at?: Date
  },
  options: { emitEvent?: boolean } = {},
) {
  const row = await insertDepositAttempt(trx, { transaction_id: transactionId, payment_method: 'card', ...attempt })
  if (options.emitEvent !== false) await recordTransactionChanged(trx, transactionId)
  return row
}
