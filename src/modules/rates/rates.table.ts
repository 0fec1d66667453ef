import type { Timestamp } from '../../db/types.ts'

export interface FxRatesTable {
  from_currency: string
  to_currency: string
  rate: string
  updated_at: Timestamp
}

export interface TaxRatesTable {
  country: string
  rate_bp: number
  source: string
  updated_at: Timestamp
}

export interface RateTables {
  fx_rates: FxRatesTable
  tax_rates: TaxRatesTable
}
