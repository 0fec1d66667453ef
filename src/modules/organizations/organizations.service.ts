import type { Updateable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { OrganizationsTable } from '../../db/schema.ts'
import { parseAmount, parsePercentToBp } from '../../lib/money.ts'
import { FieldErrors, notFound } from '../../lib/errors.ts'
import * as repo from './organizations.repository.ts'

/** Operator settings (CLI `kassa org set`); values arrive as the strings typed on the command line. */
export interface OperatorSettings {
  adhocProducts?: string
  minPayment?: string
  maxPayment?: string
  feePercent?: string
  feeFixed?: string
  priceMode?: string
  reservePercent?: string
  reserveDays?: string
}

export async function applyOperatorSettings(db: Database, organizationId: number, input: OperatorSettings) {
  const org = await repo.findOrganization(db, organizationId)
  if (!org) throw notFound('Organization')
  const errors = new FieldErrors()
  const patch: Updateable<OrganizationsTable> = {}
  if (input.adhocProducts !== undefined) {
    if (input.adhocProducts !== 'on' && input.adhocProducts !== 'off')
      errors.add('adhoc-products', 'Must be on or off.')
    patch.adhoc_products_enabled = input.adhocProducts === 'on'
  }
  const amount = (field: string, raw: string | undefined, set: (minor: number) => void) => {
    if (raw === undefined) return
    const parsed = parseAmount(raw)
    if (parsed.ok) set(parsed.minor)
    else errors.add(field, `Amount ${parsed.reason}.`)
  }
  amount('min-payment', input.minPayment, (m) => (patch.min_payment_minor = m))
  amount('max-payment', input.maxPayment, (m) => (patch.max_payment_minor = m))
  if (input.feeFixed !== undefined) {
    if (input.feeFixed === '0' || input.feeFixed === '0.00') patch.fee_fixed_minor = 0
    else amount('fee-fixed', input.feeFixed, (m) => (patch.fee_fixed_minor = m))
  }
  const percent = (field: string, raw: string | undefined, set: (bp: number) => void) => {
    if (raw === undefined) return
    const parsed = parsePercentToBp(raw)
    if (parsed.ok) set(parsed.bp)
    else errors.add(field, parsed.reason)
  }
  percent('fee-percent', input.feePercent, (bp) => (patch.fee_percent_bp = bp))
  percent('reserve-percent', input.reservePercent, (bp) => (patch.rolling_reserve_percent_bp = bp))
  if (input.reserveDays !== undefined) {
    if (!/^\d{1,3}$/.test(input.reserveDays) || Number(input.reserveDays) > 365)
      errors.add('reserve-days', 'Must be an integer from 0 to 365.')
    patch.rolling_reserve_days = Number(input.reserveDays)
  }
  if (input.priceMode !== undefined) {
    if (input.priceMode !== 'HT' && input.priceMode !== 'TTC') errors.add('price-mode', 'Must be HT or TTC.')
    patch.price_mode = input.priceMode as 'HT' | 'TTC'
  }
  const min = patch.min_payment_minor ?? org.min_payment_minor
  const max = patch.max_payment_minor ?? org.max_payment_minor
  if (min > max) errors.add('min-payment', 'The minimum payment cannot exceed the maximum payment.')
  errors.throwIfAny()
  if (Object.keys(patch).length === 0) return org
  return (await repo.updateOrganization(db, organizationId, patch))!
}
