import type { ColumnType, Generated } from 'kysely'
import { type Environment, REFUND_STATUSES, type RefundStatus, type Timestamp } from '../../db/types.ts'

export { REFUND_STATUSES, type RefundStatus }
/** Refunds whose amount is committed against the payment (and held in, or taken from, the wallet). */
export const COMMITTED_REFUND_STATUSES: readonly RefundStatus[] = ['pending', 'processing', 'completed']

export interface RefundsTable {
  id: Generated<number>
  public_id: string
  organization_id: number
  environment: Environment
  transaction_id: number
  transaction_public_id: string
  currency: string
  amount_minor: number
  fx_rate_usd: string
  amount_usd_minor: number
  reason: string
  status: Generated<RefundStatus>
  provider_refund_id: string | null
  failure_message: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface RefundDailyCountsTable {
  organization_id: number
  environment: Environment
  day: ColumnType<string, string, string>
  status: RefundStatus
  n: number
}

export interface RefundTables {
  refunds: RefundsTable
  refund_daily_counts: RefundDailyCountsTable
}
