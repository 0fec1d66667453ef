import { sql, type Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// Indexes that keep GET /api/payments/ fast on millions of payments (bench/lists.mjs): one per
// ordering, with and without the status filter, as the refunds list has, so a page is read in order
// from an index and stops after `page_size` rows; the order id for `search`; and trigram indexes on
// the payer's email and the refund reason (with the status) so a search does not scan the tenant's rows.
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
 * A search is a trigram GIN index (pg_trgm) with the status beside it (btree_gin), so a search with a
 * status filter is one index scan whose result is already narrowed to the status (a refunds search for
 * a term in 1 % of 1,000,000 refunds with a 2 % status: 158 ms rechecking 10,000 rows → 1.7 ms). Both
 * extensions ship with PostgreSQL and, loaded by openDatabase, with PGlite. Without btree_gin the
 * indexes are trigram-only; without pg_trgm (no privilege to create extensions) searches still work,
 * by scanning. Savepoints contain each failure. The refunds' index replaces 0003's reason-only one.
 */
async function createTrigramIndexes(trx: Transaction<any>): Promise<void> {
  const attempt = async (name: string, statements: string[]) => {
    await sql.raw(`savepoint ${name}`).execute(trx)
    try {
      for (const statement of statements) await sql.raw(statement).execute(trx)
      await sql.raw(`release savepoint ${name}`).execute(trx)
      return true
    } catch {
      await sql.raw(`rollback to savepoint ${name}`).execute(trx)
      return false
    }
  }
  const indexes = (withStatus: boolean) => [
    'create extension if not exists pg_trgm',
    ...(withStatus ? ['create extension if not exists btree_gin'] : []),
    'drop index if exists refunds_reason_trgm_idx',
    `create index refunds_reason_trgm_idx on refunds using gin (reason gin_trgm_ops${withStatus ? ', status' : ''})`,
    `create index transactions_payer_email_trgm_idx on transactions using gin (payer_email gin_trgm_ops${withStatus ? ', status' : ''})`,
  ]
  if (!(await attempt('kassa_trgm_status', indexes(true)))) await attempt('kassa_trgm', indexes(false))
}
