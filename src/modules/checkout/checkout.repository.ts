import { canonicalRate } from '../../lib/money.ts'
import type { Insertable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { CheckoutSessionsTable, Environment, TransactionsTable } from '../../db/schema.ts'

export function insertSession(db: Database, row: Insertable<CheckoutSessionsTable>) {
  return db.insertInto('checkout_sessions').values(row).returningAll().executeTakeFirstOrThrow()
}

export function insertTransaction(db: Database, row: Insertable<TransactionsTable>) {
  return db.insertInto('transactions').values(row).returningAll().executeTakeFirstOrThrow()
}

export function findSessionForTenant(db: Database, organizationId: number, environment: Environment, publicId: string) {
  return db
    .selectFrom('checkout_sessions')
    .innerJoin('transactions', 'transactions.checkout_session_id', 'checkout_sessions.id')
    .selectAll('checkout_sessions')
    .select(['transactions.public_id as transaction_public_id', 'transactions.status as transaction_status'])
    .where('checkout_sessions.organization_id', '=', organizationId)
    .where('checkout_sessions.environment', '=', environment)
    .where('checkout_sessions.public_id', '=', publicId)
    .executeTakeFirst()
}

export async function findTaxRate(db: Database, country: string): Promise<number> {
  const row = await db.selectFrom('tax_rates').select('rate_bp').where('country', '=', country).executeTakeFirst()
  return row?.rate_bp ?? 0
}

export async function findUsdRate(db: Database, currency: string): Promise<string | null> {
  if (currency === 'USD') return '1'
  const row = await db.selectFrom('fx_rates').select('rate').where('from_currency', '=', currency).where('to_currency', '=', 'USD').executeTakeFirst()
  return row ? canonicalRate(String(row.rate)) : null
}
