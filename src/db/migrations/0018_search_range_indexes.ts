import { sql, type Transaction } from 'kysely'

// A search with a date range of a few weeks (GET /api/refunds/, GET /api/payments/) becomes one GIN
// scan whose candidates are already inside the range's weeks: the trigram indexes of 0014 get the
// week of `created_at` (whole UTC days since Monday 2000-01-03, divided by 7) beside the trigrams and
// the status; the repositories add `week = any(<the range's weeks>)`, implied by the range. Not
// `created_at` itself: btree_gin scans each bound of a range to the end of the index (a 7-day range
// 100 days back read every entry: 417 ms), where a week is one exact key. Before, a range's matches
// were found by walking the range with an ILIKE on every row (a 1 % term, 30 days: 82,000 rows read to
// find 800). Only where 0014 built the status variant (btree_gin loaded); elsewhere the indexes stay
// as they are and the extra condition is checked on the rows. A savepoint contains a failure.
export async function up(trx: Transaction<any>): Promise<void> {
  const { rows } = await sql<{
    n: number
  }>`select count(*)::int as n from pg_extension where extname = 'btree_gin'`.execute(trx)
  if (rows[0]?.n !== 1) return
  const week = `(((created_at at time zone 'UTC')::date - date '2000-01-03') / 7)`
  await sql.raw('savepoint kassa_trgm_week').execute(trx)
  try {
    for (const statement of [
      'drop index if exists refunds_reason_trgm_idx',
      `create index refunds_reason_trgm_idx on refunds using gin (reason gin_trgm_ops, status, ${week})`,
      'drop index if exists transactions_payer_email_trgm_idx',
      `create index transactions_payer_email_trgm_idx on transactions using gin (payer_email gin_trgm_ops, status, ${week})`,
    ])
      await sql.raw(statement).execute(trx)
    await sql.raw('release savepoint kassa_trgm_week').execute(trx)
  } catch {
    await sql.raw('rollback to savepoint kassa_trgm_week').execute(trx)
  }
}
