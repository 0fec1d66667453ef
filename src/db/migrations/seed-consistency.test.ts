import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts'
import { DEFAULT_TAX_RATES_BP } from '../../lib/tax.ts'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

test('the migration seeds exactly the documented default VAT rates', async () => {
  const rows = await database.db.selectFrom('tax_rates').select(['country', 'rate_bp']).execute()
  expect(Object.fromEntries(rows.map((r) => [r.country, r.rate_bp]))).toEqual({ ...DEFAULT_TAX_RATES_BP })
})
