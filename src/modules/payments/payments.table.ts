import type { ColumnType, Generated, JSONColumnType } from 'kysely'
import type { Environment, Id, Timestamp } from '../../db/types.ts'

export type PaymentStatus =
  | 'processing'
  | 'paid'
  | 'failed'
  | 'canceled'
  | 'refund_pending'
  | 'partially_refunded'
  | 'refunded'

export interface TransactionProduct {
  id: string | null
  name: string
  quantity: number
  unit_amount_minor: number
}

export interface TransactionsTable {
  id: Id
  public_id: string
  organization_id: number
  environment: Environment
  checkout_session_id: number
  order_id: string
  status: Generated<PaymentStatus>
  status_before_refund: string | null
  cancel_reason: string | null
  currency: string
  gross_amount_minor: number
  tax_amount_minor: number
  fee_amount_minor: number
  net_amount_minor: number
  amount_refunded_minor: Generated<number>
  fx_rate_usd: string
  amount_usd_minor: number
  payer_email: string
  products: JSONColumnType<TransactionProduct[], string, string>
  deposit_status: Generated<'none' | 'pending' | 'succeeded'>
  provider: Generated<string>
  provider_payment_id: string | null
  card_brand: string | null
  card_last4: string | null
  card_exp_month: number | null
  card_exp_year: number | null
  paid_at: Date | null
  deposit_settled_at: Date | null
  /** Set by trigger on the first deposit attempt (migration 12); null = nobody tried to pay yet. */
  first_attempt_at: Generated<Date | null>
  /** Why the payment needs a person to look at it (processor amount or currency mismatch); null: fine. */
  review_reason: ColumnType<string | null, string | null | undefined, string | null>
  review_flagged_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  created_at: Timestamp
  updated_at: Timestamp
  // Added by migration 0010: a subscription charge (all four set, or none).
  subscription_id: ColumnType<number | null, number | null | undefined, number | null>
  charge_kind: ColumnType<
    'initial' | 'renewal' | 'retry' | 'manual' | 'proration' | null,
    string | null | undefined,
    string | null
  >
  period_index: ColumnType<number | null, number | null | undefined, number | null>
  charge_attempt: ColumnType<number | null, number | null | undefined, number | null>
}

export interface DepositAttemptsTable {
  id: Id
  transaction_id: number
  status: 'succeeded' | 'requires_payment_method' | 'requires_action' | 'processing' | 'failed'
  payment_id: string
  error_message: string | null
  payment_method: Generated<string>
  card_brand: string | null
  card_last4: string | null
  attempted_at: Timestamp
}

export interface PaymentTables {
  transactions: TransactionsTable
  deposit_attempts: DepositAttemptsTable
}
