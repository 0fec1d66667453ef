import type { ColumnType, Generated } from 'kysely'
import type { Id, Timestamp } from '../../db/types.ts'

export interface OrganizationsTable {
  id: Id
  name: string
  website: string | null
  contact_email: string | null
  telegram: string | null
  price_mode: 'HT' | 'TTC'
  adhoc_products_enabled: Generated<boolean>
  min_payment_minor: Generated<number>
  max_payment_minor: Generated<number>
  fee_percent_bp: Generated<number>
  fee_fixed_minor: Generated<number>
  rolling_reserve_percent_bp: Generated<number>
  rolling_reserve_days: Generated<number>
  status: Generated<'active' | 'suspended'>
  timezone: Generated<string>
  dunning: ColumnType<DunningSettings, string | undefined, string>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface OrganizationTables {
  organizations: OrganizationsTable
}

/** Dunning of failed renewals: retry days after the first failure, and what happens after the last. */
export interface DunningSettings {
  retry_days: number[]
  final_action: 'unpaid' | 'cancel' | 'pause'
}
