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
