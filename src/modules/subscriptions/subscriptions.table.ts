import type { ColumnType, Generated, JSONColumnType } from 'kysely'
import type { Environment, Id, Timestamp } from '../../db/types.ts'

export type SubscriptionStatus =
  | 'incomplete'
  | 'incomplete_expired'
  | 'trialing'
  | 'active'
  | 'past_due'
  | 'unpaid'
  | 'canceled'
  | 'paused'
  | 'ended'

export type ChargeKind = 'initial' | 'renewal' | 'retry' | 'manual' | 'proration'

export interface TestClocksTable {
  id: Id
  public_id: string
  organization_id: number
  environment: 'sandbox'
  frozen_time: Date
  status: Generated<'ready' | 'advancing'>
  deleted_at: Date | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface CustomersTable {
  id: Id
  public_id: string
  organization_id: number
  environment: Environment
  email: string
  first_name: string
  last_name: string
  country: string
  postal_code: string | null
  payment_method_token: string | null
  card_brand: string | null
  card_last4: string | null
  card_exp_month: number | null
  card_exp_year: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface SubscriptionsTable {
  id: Id
  public_id: string
  organization_id: number
  environment: Environment
  customer_id: number
  product_id: number
  /** The catalog price (price_…) the subscription was sold at; its terms are copied below. */
  price_id: string | null
  /** The payment link that started it, if any. */
  payment_link_id: number | null
  status: Generated<SubscriptionStatus>
  currency: string
  product_name: string
  unit_amount_minor: number
  recurring_interval: 'day' | 'week' | 'month' | 'year'
  recurring_interval_count: number
  quantity: Generated<number>
  trial_days: number | null
  billing_anchor: Date | null
  current_period_index: Generated<number>
  current_period_start: Date | null
  current_period_end: Date | null
  trial_end: Date | null
  cancel_at_period_end: Generated<boolean>
  canceled_at: Date | null
  cycle_count: number | null
  cycles_billed: Generated<number>
  failed_charge_count: Generated<number>
  next_retry_at: Date | null
  hard_declined: Generated<boolean>
  trial_will_end_sent: Generated<boolean>
  credited_for_period_minor: Generated<number>
  metadata: JSONColumnType<Record<string, string>, string | undefined, string>
  test_clock_id: number | null
  billing_token: string
  expires_at: Date
  archived_at: Date | null
  created_by_user_id: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface SubscriptionChangesTable {
  id: Id
  subscription_id: number
  actor: string
  reason: string
  from_status: string | null
  to_status: string
  detail: ColumnType<Record<string, unknown>, string | undefined, string>
  created_at: Date
}

export interface SubscriptionTables {
  test_clocks: TestClocksTable
  customers: CustomersTable
  subscriptions: SubscriptionsTable
  subscription_changes: SubscriptionChangesTable
}
