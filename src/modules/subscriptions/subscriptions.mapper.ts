import type { Selectable } from 'kysely'
import type { TransactionsTable } from '../../db/schema.ts'
import { formatMinor } from '../../lib/money.ts'
import type { CustomersTable, SubscriptionsTable } from './subscriptions.table.ts'

// Row -> API shape for subscriptions, once: the dashboard API, the events and the customer page use these.

export type SubscriptionRow = Selectable<SubscriptionsTable>
export type CustomerRow = Selectable<CustomersTable>
type ChargeRow = Selectable<TransactionsTable>

export function serializeCharge(tx: ChargeRow) {
  return {
    id: tx.public_id,
    kind: tx.charge_kind ?? 'manual',
    period_index: tx.period_index ?? 0,
    status: tx.status,
    amount: formatMinor(tx.gross_amount_minor),
    currency: tx.currency,
    created_at: tx.created_at.toISOString(),
    paid_at: tx.paid_at?.toISOString() ?? null,
  }
}

export function serializeCustomer(c: CustomerRow) {
  return {
    id: c.public_id,
    email: c.email,
    first_name: c.first_name,
    last_name: c.last_name,
    country: c.country,
    postal_code: c.postal_code,
    card: c.card_last4 ? { brand: c.card_brand, last4: c.card_last4 } : null,
  }
}

/** When the next charge happens: the period end (renewal or trial end), a dunning retry, or never. */
export function nextChargeAt(s: SubscriptionRow): Date | null {
  if (s.status === 'past_due') return s.hard_declined ? null : s.next_retry_at
  if (s.status !== 'active' && s.status !== 'trialing') return null
  if (s.cancel_at_period_end) return null
  if (s.cycle_count !== null && s.cycles_billed >= s.cycle_count) return null
  return s.current_period_end
}

export function serializeSubscription(
  s: SubscriptionRow,
  related: {
    customer: CustomerRow
    productPublicId: string
    clockPublicId: string | null
    billingUrl: string
    /** The customer's credit in the subscription's currency, from the ledger. */
    creditBalanceMinor: number
  },
) {
  const iso = (d: Date | null) => d?.toISOString() ?? null
  return {
    id: s.public_id,
    environment: s.environment,
    status: s.status,
    product_id: related.productPublicId,
    plan: {
      product_id: related.productPublicId,
      price_id: s.price_id,
      name: s.product_name,
      unit_amount: formatMinor(s.unit_amount_minor),
      currency: s.currency,
      recurring_interval: s.recurring_interval,
      recurring_interval_count: s.recurring_interval_count,
    },
    quantity: s.quantity,
    currency: s.currency,
    amount: formatMinor(s.unit_amount_minor * s.quantity),
    credit_balance: formatMinor(related.creditBalanceMinor),
    customer: serializeCustomer(related.customer),
    current_period_start: iso(s.current_period_start),
    current_period_end: iso(s.current_period_end),
    trial_end: iso(s.trial_end),
    cancel_at_period_end: s.cancel_at_period_end,
    canceled_at: iso(s.canceled_at),
    next_charge_at: iso(nextChargeAt(s)),
    cycle_count: s.cycle_count,
    cycles_billed: s.cycles_billed,
    metadata: s.metadata,
    test_clock_id: related.clockPublicId,
    billing_url: related.billingUrl,
    created_at: s.created_at.toISOString(),
    updated_at: s.updated_at.toISOString(),
  }
}
