import type { Database } from '../../db/database.ts'
import { canonicalRate } from '../../lib/money.ts'

/** The stored rate to USD (canonical decimal string), "1" for USD, null when none is configured. */
export async function findUsdRate(db: Database, currency: string): Promise<string | null> {
  if (currency === 'USD') return '1'
  const row = await db
    .selectFrom('fx_rates')
    .select('rate')
    .where('from_currency', '=', currency)
    .where('to_currency', '=', 'USD')
    .executeTakeFirst()
  return row ? canonicalRate(String(row.rate)) : null
}

export function upsertFxRate(db: Database, from: string, to: string, rate: string) {
  return db
    .insertInto('fx_rates')
    .values({ from_currency: from, to_currency: to, rate, updated_at: new Date() })
    .onConflict((oc) => oc.columns(['from_currency', 'to_currency']).doUpdateSet({ rate, updated_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** An operator's rate replaces the seeded one for the country. */
export function upsertTaxRate(db: Database, country: string, rateBp: number) {
  return db
    .insertInto('tax_rates')
    .values({ country, rate_bp: rateBp, source: 'operator', updated_at: new Date() })
    .onConflict((oc) =>
      oc.column('country').doUpdateSet({ rate_bp: rateBp, source: 'operator', updated_at: new Date() }),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}
