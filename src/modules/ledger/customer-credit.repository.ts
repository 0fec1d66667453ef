import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { TenantScope } from './ledger.repository.ts'
import { CUSTOMER_CREDIT } from './ledger.table.ts'

export interface CustomerAccountKey {
  scope: TenantScope
  customerId: number
  currency: string
}

/** The customer's credit in one currency, summed from the postings of its account (0 when it has none). */
export async function sumCustomerCredit(db: Database, key: CustomerAccountKey): Promise<number> {
  const row = await db
    .selectFrom('ledger_accounts as a')
    .leftJoin('ledger_postings as p', 'p.account_id', 'a.id')
    .select(sql<string>`coalesce(sum(p.amount_minor), 0)`.as('total'))
    .where('a.customer_id', '=', key.customerId)
    .where('a.currency', '=', key.currency)
    .where('a.kind', '=', CUSTOMER_CREDIT)
    .executeTakeFirst()
  return Number(row?.total ?? 0)
}

/** Every credit balance of a customer, one per currency it has an account in, summed from the postings. */
export async function sumCustomerCredits(db: Database, customerId: number) {
  const rows = await db
    .selectFrom('ledger_accounts as a')
    .leftJoin('ledger_postings as p', 'p.account_id', 'a.id')
    .select(['a.currency', sql<string>`coalesce(sum(p.amount_minor), 0)`.as('total')])
    .where('a.customer_id', '=', customerId)
    .where('a.kind', '=', CUSTOMER_CREDIT)
    .groupBy('a.currency')
    .orderBy('a.currency')
    .execute()
  return rows.map((r) => ({ currency: r.currency, amountMinor: Number(r.total) }))
}

/** Row-locks the customer's credit account of one currency, creating it on first use. */
export async function lockCustomerAccount(db: Database, key: CustomerAccountKey) {
  await db
    .insertInto('ledger_accounts')
    .values({
      organization_id: key.scope.organizationId,
      environment: key.scope.environment,
      currency: key.currency,
      kind: CUSTOMER_CREDIT,
      customer_id: key.customerId,
    })
    .onConflict((oc) => oc.columns(['customer_id', 'currency']).where('customer_id', 'is not', null).doNothing())
    .execute()
  return db
    .selectFrom('ledger_accounts')
    .select(['id', 'balance_minor'])
    .where('customer_id', '=', key.customerId)
    .where('currency', '=', key.currency)
    .where('kind', '=', CUSTOMER_CREDIT)
    .forUpdate()
    .executeTakeFirstOrThrow()
}
