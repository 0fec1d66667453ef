import type { Database } from '../../db/database.ts'
import { isCountryCode } from '../../lib/countries.ts'
import { FieldErrors } from '../../lib/errors.ts'
import { parsePercentToBp, parseRate } from '../../lib/money.ts'
import * as repo from './rates.repository.ts'

// FX and tax rates, set by the operator (`kassa fx set`, `kassa tax set`); read at checkout and refund.

/** Operator-managed exchange rate between two supported currencies. */
export async function setFxRate(db: Database, input: { from: string; to: string; rate: string }) {
  const errors = new FieldErrors()
  const currencies = ['USD', 'EUR']
  if (!currencies.includes(input.from)) errors.add('from', 'Must be USD or EUR.')
  if (!currencies.includes(input.to)) errors.add('to', 'Must be USD or EUR.')
  if (input.from === input.to) errors.add('to', 'Must differ from "from".')
  const rate = parseRate(input.rate ?? '')
  if (!rate.ok) errors.add('rate', rate.reason)
  errors.throwIfAny()
  return repo.upsertFxRate(db, input.from, input.to, input.rate)
}

/** Operator-managed tax rate for a country (`kassa tax set`); replaces the seeded EU/UK rate if any. */
export async function setTaxRate(db: Database, input: { country: string; ratePercent: string }) {
  const errors = new FieldErrors()
  const country = (input.country ?? '').toUpperCase()
  if (!isCountryCode(country)) errors.add('country', 'Must be an ISO 3166-1 alpha-2 country code.')
  const rate = parsePercentToBp(input.ratePercent ?? '')
  if (!rate.ok) errors.add('rate', rate.reason)
  errors.throwIfAny()
  return repo.upsertTaxRate(db, country, (rate as { bp: number }).bp)
}
