import type { Selectable } from 'kysely'
import type { DB, DepositAttemptsTable, TransactionsTable } from '../../db/schema.ts'
import { formatMinor } from '../../lib/money.ts'

// Row -> API shape for payments, once. The API payment object (GET /api/transactions/{id}/) and the
// dashboard's list item share one builder for the fields they have in common.

export type TransactionRow = Selectable<TransactionsTable>
export type PaymentRow = TransactionRow & { payment_link_uuid?: string | null }
type AttemptRow = Selectable<DepositAttemptsTable>

type CoreColumns =
  | 'id'
  | 'public_id'
  | 'order_id'
  | 'net_amount_minor'
  | 'gross_amount_minor'
  | 'fee_amount_minor'
  | 'tax_amount_minor'
  | 'amount_refunded_minor'
  | 'amount_usd_minor'
  | 'status'
  | 'currency'
  | 'payer_email'
  | 'created_at'
  | 'updated_at'
/** What the API payment object reads of a row (findTransactionForApi selects these). */
export type ApiTransactionRow = Pick<
  TransactionRow,
  | CoreColumns
  | 'fx_rate_usd'
  | 'deposit_status'
  | 'products'
  | 'card_brand'
  | 'card_last4'
  | 'card_exp_month'
  | 'card_exp_year'
  | 'charge_kind'
  | 'review_reason'
  | 'review_flagged_at'
>
type ApiAttempt = Pick<AttemptRow, 'status' | 'payment_id' | 'attempted_at' | 'error_message' | 'payment_method'>

/** Ids and money of a payment: `amount` is NET of fees, as documented. */
function paymentCore(tx: Pick<TransactionRow, CoreColumns>) {
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
    status: tx.status,
    currency: tx.currency,
    payer_email: tx.payer_email,
    created_at: tx.created_at.toISOString(),
    updated_at: tx.updated_at.toISOString(),
  }
}

export function serializeAttempt(a: ApiAttempt) {
  return {
    status: a.status,
    paymentId: a.payment_id,
    attemptedAt: a.attempted_at.toISOString(),
    errorMessage: a.error_message,
    paymentMethod: a.payment_method,
  }
}

/** The public payment object of GET /api/transactions/{id}/. */
export function serializeTransaction(
  tx: ApiTransactionRow,
  attempts: ApiAttempt[],
  subscriptionPublicId: string | null = null,
) {
  return {
    ...paymentCore(tx),
    fx_rate: tx.fx_rate_usd,
    deposit_status: tx.deposit_status,
    products: tx.products.map((p) => ({
      id: p.id,
      name: p.name,
      quantity: p.quantity,
      unit_price: formatMinor(p.unit_amount_minor),
    })),
    card: tx.card_last4
      ? { brand: tx.card_brand, last4: tx.card_last4, exp_month: tx.card_exp_month, exp_year: tx.card_exp_year }
      : null,
    subscription_id: subscriptionPublicId,
    charge_kind: tx.charge_kind,
    depositAttempts: attempts.map(serializeAttempt),
    review: reviewOf(tx),
  }
}

/** The review flag (processor amount or currency mismatch), or null. */
export const reviewOf = (tx: Pick<TransactionRow, 'review_reason' | 'review_flagged_at'>) =>
  tx.review_reason
    ? { reason: tx.review_reason, flagged_at: (tx.review_flagged_at ?? new Date(0)).toISOString() }
    : null

/** The dashboard's payment list item (GET /api/payments/, a payment link's payments). */
export function serializePaymentSummary(tx: PaymentRow) {
  return {
    ...paymentCore(tx),
    environment: tx.environment,
    payment_link_id: tx.payment_link_uuid ?? null,
    card: tx.card_last4 ? { brand: tx.card_brand, last4: tx.card_last4 } : null,
    paid_at: tx.paid_at?.toISOString() ?? null,
    attempted: tx.first_attempt_at != null,
  }
}

/** The refund object (API list, dashboard, a payment's detail, `refund.status_changed` events). */
export function serializeRefund(r: Selectable<DB['refunds']>) {
  return {
    id: r.public_id,
    numeric_id: r.id,
    transaction_id: r.transaction_public_id,
    amount: formatMinor(r.amount_minor),
    currency: r.currency,
    amount_in_cents: r.amount_minor,
    amount_usd: formatMinor(r.amount_usd_minor),
    fx_rate: r.fx_rate_usd,
    reason: r.reason,
    status: r.status,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  }
}
