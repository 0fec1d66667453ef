import { sql, type Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// Indexes that keep GET /api/payments/ fast on millions of payments (bench/lists.mjs): one per
// ordering, with and without the status filter, as the refunds list has, so a page is read in order
// from an index and stops after `page_size` rows; the order id for `search`; and a trigram index on
// the payer's email so a search by part of it does not scan the tenant's payments.
export async function up(trx: Transaction<any>): Promise<void> {
  await exec(
    trx,
    `create index transactions_list_created_idx on transactions (organization_id, environment, created_at, id)`,
    `create index transactions_list_amount_idx on transactions (organization_id, environment, gross_amount_minor, id)`,
    `create index transactions_list_status_created_idx on transactions (organization_id, environment, status, created_at, id)`,
    `create index transactions_list_status_amount_idx on transactions (organization_id, environment, status, gross_amount_minor, id)`,
    `create index transactions_search_order_idx on transactions (organization_id, environment, order_id)`,
  )
  await createTrigramIndexes(trx)
}

/**
 * pg_trgm ships with PostgreSQL and, loaded by openDatabase, with PGlite. Where it cannot be created
 * (no privilege to create extensions) searches still work, by scanning, so a savepoint contains the
 * failure. The refunds' reason index is created here too for databases whose 0003 ran without pg_trgm
 * (every PGlite database before this migration).
 */
async function createTrigramIndexes(trx: Transaction<any>): Promise<void> {
  await sql`savepoint kassa_trgm`.execute(trx)
  try {
    await sql`create extension if not exists pg_trgm`.execute(trx)
    await sql`create index if not exists refunds_reason_trgm_idx on refunds using gin (reason gin_trgm_ops)`.execute(trx)
    await sql`create index transactions_payer_email_trgm_idx on transactions using gin (payer_email gin_trgm_ops)`.execute(
      trx,
    )
    await sql`release savepoint kassa_trgm`.execute(trx)
  } catch {
    await sql`rollback to savepoint kassa_trgm`.execute(trx)
  }
}
