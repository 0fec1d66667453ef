import type { Database } from '../../db/database.ts'
import { newProductId } from '../../lib/ids.ts'
import { isCurrency, parseAmount } from '../../lib/money.ts'
import { FieldErrors } from '../../lib/errors.ts'
import * as repo from './products.repository.ts'

export const RECURRING_INTERVALS = ['day', 'week', 'month', 'year'] as const

export interface PriceInput {
  currency: string
  amount: string | number
  recurring_interval?: string | null
  recurring_interval_count?: number
  trial_days?: number | null
}

export interface NormalizedPrice {
  currency: string
  amount_minor: number
  recurring_interval: string | null
  recurring_interval_count: number
  trial_days: number | null
}

/** Checks a price list (one per currency, USD/EUR, exact 2-decimal amounts), adding every problem to `errors`. */
export function checkPrices(
  prices: PriceInput[],
  errors: FieldErrors,
  defaultInterval: string | null = null,
): NormalizedPrice[] {
  if (prices.length === 0) errors.add('prices', 'At least one price is required.')
  const seen = new Set<string>()
  return prices.map((p, i) => {
    if (!isCurrency(p.currency)) errors.add(`prices.${i}.currency`, 'Must be one of: USD, EUR.')
    else if (seen.has(p.currency)) errors.add(`prices.${i}.currency`, `Duplicate price for ${p.currency}.`)
    seen.add(p.currency)
    const amount = parseAmount(p.amount)
    if (!amount.ok) errors.add(`prices.${i}.amount`, `Amount ${amount.reason}.`)
    const interval = p.recurring_interval === undefined ? defaultInterval : p.recurring_interval
    if (interval !== null && !(RECURRING_INTERVALS as readonly string[]).includes(interval)) {
      errors.add(`prices.${i}.recurring_interval`, `Must be one of: ${RECURRING_INTERVALS.join(', ')}.`)
    }
    const count = p.recurring_interval_count ?? 1
    if (!Number.isInteger(count) || count < 1 || count > 365)
      errors.add(`prices.${i}.recurring_interval_count`, 'Must be an integer from 1 to 365.')
    const trial = p.trial_days ?? null
    if (trial !== null && (!Number.isInteger(trial) || trial < 1 || trial > 365))
      errors.add(`prices.${i}.trial_days`, 'Must be an integer from 1 to 365.')
    if (interval === null && (p.trial_days != null || (p.recurring_interval_count ?? 1) !== 1))
      errors.add(`prices.${i}.recurring_interval`, 'A cadence or trial needs a recurring_interval.')
    return {
      currency: p.currency,
      amount_minor: amount.ok ? amount.minor : 0,
      recurring_interval: interval,
      recurring_interval_count: count,
      trial_days: trial,
    }
  })
}

export function checkName(name: string | undefined, errors: FieldErrors): string {
  const trimmed = name?.trim() ?? ''
  if (trimmed.length === 0 || trimmed.length > 200) errors.add('name', 'Must be 1 to 200 characters.')
  return trimmed
}

/** Inserts a product and its prices; call inside a transaction with already-checked input. */
export async function insertProductWithPrices(
  db: Database,
  input: { organizationId: number; name: string; description: string | null; prices: NormalizedPrice[] },
) {
  const product = await repo.insertProduct(db, {
    public_id: newProductId(),
    organization_id: input.organizationId,
    name: input.name,
    description: input.description,
  })
  for (const price of input.prices) await repo.upsertPrice(db, { product_id: product.id, ...price })
  return { product, prices: input.prices }
}

/** Creates a catalog product with one price per currency; all fields are checked before anything is written. */
export async function createProduct(
  db: Database,
  input: { organizationId: number; name: string; description?: string | null; prices: PriceInput[] },
) {
  const errors = new FieldErrors()
  const name = checkName(input.name, errors)
  const prices = checkPrices(input.prices, errors)
  errors.throwIfAny()
  return db.transaction().execute((trx) =>
    insertProductWithPrices(trx, {
      organizationId: input.organizationId,
      name,
      description: input.description ?? null,
      prices,
    }),
  )
}
