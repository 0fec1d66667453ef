import type { Database } from '../../db/database.ts'
import { newProductId } from '../../lib/ids.ts'
import { isCurrency, parseAmount } from '../../lib/money.ts'
import { FieldErrors } from '../../http/errors.ts'
import * as repo from './products.repository.ts'

export interface PriceInput {
  currency: string
  amount: string | number
  recurring_interval?: string | null
}

/** Creates a catalog product with one price per currency; all fields are checked before anything is written. */
export async function createProduct(
  db: Database,
  input: { organizationId: number; name: string; description?: string | null; prices: PriceInput[] },
) {
  const errors = new FieldErrors()
  const name = input.name?.trim() ?? ''
  if (name.length === 0 || name.length > 200) errors.add('name', 'Must be 1 to 200 characters.')
  if (input.prices.length === 0) errors.add('prices', 'At least one price is required.')
  const seen = new Set<string>()
  const prices = input.prices.map((p, i) => {
    if (!isCurrency(p.currency)) errors.add(`prices.${i}.currency`, 'Must be one of: USD, EUR.')
    else if (seen.has(p.currency)) errors.add(`prices.${i}.currency`, `Duplicate price for ${p.currency}.`)
    seen.add(p.currency)
    const amount = parseAmount(p.amount)
    if (!amount.ok) errors.add(`prices.${i}.amount`, `Amount ${amount.reason}.`)
    const interval = p.recurring_interval ?? null
    if (interval !== null && !['day', 'week', 'month', 'year'].includes(interval)) {
      errors.add(`prices.${i}.recurring_interval`, 'Must be one of: day, week, month, year.')
    }
    return { currency: p.currency, amount_minor: amount.ok ? amount.minor : 0, recurring_interval: interval }
  })
  errors.throwIfAny()
  return db.transaction().execute(async (trx) => {
    const product = await repo.insertProduct(trx, {
      public_id: newProductId(),
      organization_id: input.organizationId,
      name,
      description: input.description ?? null,
    })
    for (const price of prices) await repo.upsertPrice(trx, { product_id: product.id, ...price })
    return { product, prices }
  })
}
