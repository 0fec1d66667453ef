import type { Generated } from 'kysely'
import type { Environment, Timestamp } from '../../db/types.ts'

export const ACCOUNT_KINDS = [
  'pending',
  'available',
  'reserve',
  'refund_held',
  'platform_fees',
  'provider_clearing',
  'credit_issued',
] as const
/** The tenant's accounts (one each per organization × environment × currency). */
export type AccountKind = (typeof ACCOUNT_KINDS)[number]
/** The one account kept per customer and currency: credit the customer may spend on the next charges. */
export const CUSTOMER_CREDIT = 'customer_credit'

export const ENTRY_KINDS = [
  'payment_received',
  'deposit_settled',
  'reserve_released',
  'refund_held',
  'refund_completed',
  'refund_released',
  'credit_granted',
  'credit_applied',
] as const
export type EntryKind = (typeof ENTRY_KINDS)[number]

export interface LedgerAccountsTable {
  id: Generated<number>
  organization_id: number
  environment: Environment
  currency: string
  kind: AccountKind | typeof CUSTOMER_CREDIT
  /** Set on (and only on) a `customer_credit` account. */
  customer_id: number | null
  /** Maintained by the posting trigger only; equals the sum of the account's postings. */
  balance_minor: Generated<number>
  updated_at: Timestamp
}

export interface JournalEntriesTable {
  id: Generated<number>
  organization_id: number
  environment: Environment
  currency: string
  kind: EntryKind
  posting_key: string
  transaction_id: number | null
  refund_id: number | null
  memo: string | null
  created_at: Timestamp
}

export interface LedgerPostingsTable {
  id: Generated<number>
  entry_id: number
  account_id: number
  amount_minor: number
}

export interface ReserveHoldsTable {
  id: Generated<number>
  organization_id: number
  environment: Environment
  currency: string
  transaction_id: number
  amount_minor: number
  release_at: Date
  released_at: Date | null
  created_at: Timestamp
}

export interface LedgerTables {
  ledger_accounts: LedgerAccountsTable
  journal_entries: JournalEntriesTable
  ledger_postings: LedgerPostingsTable
  reserve_holds: ReserveHoldsTable
}
