import type { ColumnType, Generated } from 'kysely'

// Column types shared by the tables of several modules. A leaf: module table files import these,
// db/schema.ts composes the tables into `DB`, and nothing here imports either.

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
export type Id = Generated<number>
export type Environment = 'sandbox' | 'production'

/** One priced line, as stored on a checkout session and on a payment link. */
export interface LineItem {
  product_id: string | null
  name: string
  quantity: number
  unit_amount_minor: number
  amount_minor: number
  /** Payment links only: the line's price is recurring, so the link starts a subscription. */
  recurring_interval?: 'day' | 'week' | 'month' | 'year'
  recurring_interval_count?: number
  trial_days?: number | null
  price_id?: string
}

export const REFUND_STATUSES = ['pending', 'processing', 'completed', 'failed', 'rejected'] as const
export type RefundStatus = (typeof REFUND_STATUSES)[number]
