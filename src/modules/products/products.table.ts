import type { Generated } from 'kysely'
import type { Id, Timestamp } from '../../db/types.ts'

export interface ProductsTable {
  id: Id
  public_id: string
  organization_id: number
  name: string
  description: string | null
  status: Generated<'active' | 'archived'>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ProductPricesTable {
  /** price_…: a subscribed price never changes amount or cadence; an edit makes a new id. */
  public_id: Generated<string>
  product_id: number
  currency: string
  amount_minor: number
  recurring_interval: string | null
  recurring_interval_count: Generated<number>
  trial_days: number | null
}

export interface ProductTables {
  products: ProductsTable
  product_prices: ProductPricesTable
}
