import { sql } from 'kysely'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { runLedgerCheck } from './ledger.check.ts'
import { openDatabase, type DatabaseHandle } from '../../db/database.ts'
import { migrate } from '../../db/migrator.ts'
import { MIGRATIONS } from '../../db/migrations/index.ts'

// 0017 carries a credit balance left in the dropped subscriptions column into the ledger (embedded
// database from scratch: the shared test snapshot is already past 0017).

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await openDatabase({ databaseUrl: null, dataDir: null })
  await migrate(
    handle.db,
    MIGRATIONS.filter((m) => m.version < 17),
  )
}, 120_000)
afterAll(() => handle.close())

test('a credit balance in the old column becomes a credit_granted entry to the customer', async () => {
  const run = (q: ReturnType<typeof sql>) => q.execute(handle.db) as Promise<{ rows: { id: number }[] }>
  const org = (await run(sql`insert into organizations (name) values ('Carry') returning id`)).rows[0].id
  const product = (
    await run(
      sql`insert into products (public_id, organization_id, name) values ('prod_carry', ${org}, 'Plan') returning id`,
    )
  ).rows[0].id
  const customer = (
    await run(sql`insert into customers (public_id, organization_id, environment, email, first_name, last_name, country)
      values ('cus_carry', ${org}, 'sandbox', 'c@example.com', 'C', 'Arry', 'DE') returning id`)
  ).rows[0].id
  await run(sql`insert into subscriptions (public_id, organization_id, environment, customer_id, product_id, currency,
      product_name, unit_amount_minor, recurring_interval, recurring_interval_count, billing_token, expires_at, credit_balance_minor)
    values ('sub_carry', ${org}, 'sandbox', ${customer}, ${product}, 'EUR', 'Plan', 1000, 'month', 1, 'tok_carry', now(), 250)`)
  await migrate(handle.db, MIGRATIONS)
  const { rows } = await sql<{ kind: string; balance_minor: number }>`select kind, balance_minor from ledger_accounts
    where organization_id = ${org} and kind in ('customer_credit', 'credit_issued') order by kind`.execute(handle.db)
  expect(rows).toEqual([
    { kind: 'credit_issued', balance_minor: -250 },
    { kind: 'customer_credit', balance_minor: 250 },
  ])
  const report = await runLedgerCheck(handle.db, { organizationId: org })
  expect(report.checks.filter((c) => !c.ok)).toEqual([])
}, 120_000)
