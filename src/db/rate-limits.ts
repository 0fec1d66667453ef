import { sql } from 'kysely'
import type { Database } from './database.ts'

/**
 * Fixed-window counters in PostgreSQL, so every API process counts the same hits (a limit of 20 per
 * minute is 20 across the fleet, not 20 per process). One upsert per hit; the window is aligned to
 * the clock (floor(now / window)), so all processes agree on where it starts.
 * Returns the seconds to wait when `key` is over `limit`, else 0.
 */
export async function hitRateLimit(db: Database, key: string, limit: number, windowMs: number, now: Date) {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs)
  const { rows } = await sql<{ hits: number }>`
    insert into rate_limit_hits (key, window_start, hits) values (${key}, ${windowStart}, 1)
    on conflict (key) do update set
      hits = case when rate_limit_hits.window_start = excluded.window_start then rate_limit_hits.hits + 1 else 1 end,
      window_start = excluded.window_start
    returning hits`.execute(db)
  if (rows[0].hits <= limit) return 0
  return Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000))
}

/** Windows that ended are only rows; the retention task deletes them in batches. */
export async function deleteEndedWindows(db: Database, before: Date, batchSize: number): Promise<number> {
  const result = await sql`
    delete from rate_limit_hits where key in (
      select key from rate_limit_hits where window_start < ${before} limit ${batchSize}
    )`.execute(db)
  return Number(result.numAffectedRows ?? 0)
}
