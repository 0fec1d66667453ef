import { sql } from 'kysely'
import type { Database } from './database.ts'

// Platform-wide aggregates for the operator's /metrics (no tenant rows leave the database): these
// count across organizations on purpose, grouped by environment.

export async function jobQueueStats(db: Database) {
  const { rows } = await sql<{ queue: string; due: number; oldest_seconds: number | null }>`
    select queue, count(*)::int as due, extract(epoch from now() - min(run_at))::float8 as oldest_seconds
    from jobs where run_at <= now() group by queue`.execute(db)
  return rows
}

export async function webhookQueueStats(db: Database) {
  const { rows } = await sql<{ due: number; oldest_seconds: number | null }>`
    select count(*)::int as due, extract(epoch from now() - min(next_attempt_at))::float8 as oldest_seconds
    from webhook_deliveries where status = 'pending' and next_attempt_at <= now()`.execute(db)
  return rows[0] ?? { due: 0, oldest_seconds: null }
}

export async function countsByStatus(db: Database, table: 'transactions' | 'refunds') {
  const { rows } = await sql<{ environment: string; status: string; n: number }>`
    select environment, status, count(*)::int as n from ${sql.table(table)} group by environment, status`.execute(db)
  return rows
}
