import type { Database } from '../../db/database.ts'
import type { DepositAttemptsTable, TransactionsTable } from '../../db/schema.ts'
import type { Selectable } from 'kysely'
import { formatMinor } from '../../lib/money.ts'
import { parseLookupId } from '../../lib/ids.ts'
import { notFound } from '../../http/errors.ts'
import { insertEvent } from '../events/events.repository.ts'
import * as repo from './transactions.repository.ts'

export type TransactionRow = Selectable<TransactionsTable>
type AttemptRow = Selectable<DepositAttemptsTable>

export function serializeAttempt(a: AttemptRow) {
  return {
    status: a.status,
    paymentId: a.payment_id,
    attemptedAt: a.attempted_at.toISOString(),
    errorMessage: a.error_message,
    paymentMethod: a.payment_method,
  }
}

/** The public payment object of GET /api/transactions/{id}/: `amount` is NET of fees, as documented. */
export function serializeTransaction(tx: TransactionRow, attempts: AttemptRow[]) {
  return {
    id: tx.public_id,
    numeric_id: tx.id,
    order_id: tx.order_id,
    checkout_id: tx.order_id,
    amount: formatMinor(tx.net_amount_minor),
    gross_amount: formatMinor(tx.gross_amount_minor),
    fee_amount: formatMinor(tx.fee_amount_minor),
    tax_amount: formatMinor(tx.tax_amount_minor),
    amount_refunded: formatMinor(tx.amount_refunded_minor),
    amount_usd: formatMinor(tx.amount_usd_minor),
    fx_rate: tx.fx_rate_usd,
    status: tx.status,
    deposit_status: tx.deposit_status,
    currency: tx.currency,
    payer_email: tx.payer_email,
    products: tx.products.map((p) => ({
      id: p.id,
      name: p.name,
      quantity: p.quantity,
      unit_price: formatMinor(p.unit_amount_minor),
    })),
    card: tx.card_last4
      ? { brand: tx.card_brand, last4: tx.card_last4, exp_month: tx.card_exp_month, exp_year: tx.card_exp_year }
      : null,
    created_at: tx.created_at.toISOString(),
    updated_at: tx.updated_at.toISOString(),
    depositAttempts: attempts.map(serializeAttempt),
    review: reviewOf(tx),
  }
}

export const reviewOf = (tx: Pick<TransactionRow, 'review_reason' | 'review_flagged_at'>) =>
  tx.review_reason
    ? { reason: tx.review_reason, flagged_at: (tx.review_flagged_at ?? new Date(0)).toISOString() }
    : null

export async function getTransaction(db: Database, scope: repo.TenantScope, rawId: string) {
  const id = parseLookupId(rawId, 'TX')
  const tx = id && (await repo.findTransaction(db, scope, id))
  if (!tx) throw notFound('Transaction')
  return serializeTransaction(tx, await repo.listAttempts(db, tx.id))
}

/**
 * Records `transaction.status_changed` in the outbox with the payment's current state and full attempt
 * history. Call inside the transaction that changed the payment or its attempts.
 */
export async function recordTransactionChanged(db: Database, transactionId: number) {
  const tx = await repo.findTransactionById(db, transactionId)
  if (!tx) throw new Error(`transaction ${transactionId} vanished`)
  const attempts = await repo.listAttempts(db, tx.id)
  return insertEvent(db, {
    organizationId: tx.organization_id,
    environment: tx.environment,
    type: 'transaction.status_changed',
    subjectId: tx.public_id,
    payload: {
      transaction_id: tx.public_id,
      order_id: tx.order_id,
      amount: formatMinor(tx.net_amount_minor),
      gross_amount: formatMinor(tx.gross_amount_minor),
      status: tx.status,
      currency: tx.currency,
      created_at: tx.created_at.toISOString(),
      updated_at: tx.updated_at.toISOString(),
      depositAttempts: attempts.map(serializeAttempt),
    },
  })
}
