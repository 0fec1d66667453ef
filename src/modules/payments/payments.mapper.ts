import type { Selectable } from 'kysely'
import type { TransactionsTable } from '../../db/schema.ts'
import { formatMinor } from '../../lib/money.ts'

export type PaymentRow = Selectable<TransactionsTable> & { payment_link_uuid?: string | null }

/** The dashboard's payment list item (amount NET of fees, as on the API payment object). */
export function serializePaymentSummary(tx: PaymentRow) {
  return {
    id: tx.public_id,
    numeric_id: tx.id,
    order_id: tx.order_id,
    checkout_id: tx.order_id,
    environment: tx.environment,
    status: tx.status,
    currency: tx.currency,
    amount: formatMinor(tx.net_amount_minor),
    gross_amount: formatMinor(tx.gross_amount_minor),
    fee_amount: formatMinor(tx.fee_amount_minor),
    tax_amount: formatMinor(tx.tax_amount_minor),
    amount_refunded: formatMinor(tx.amount_refunded_minor),
    amount_usd: formatMinor(tx.amount_usd_minor),
    payer_email: tx.payer_email,
    payment_link_id: tx.payment_link_uuid ?? null,
    card: tx.card_last4 ? { brand: tx.card_brand, last4: tx.card_last4 } : null,
    paid_at: tx.paid_at?.toISOString() ?? null,
    created_at: tx.created_at.toISOString(),
    updated_at: tx.updated_at.toISOString(),
  }
}
