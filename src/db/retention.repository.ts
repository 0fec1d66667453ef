import { sql } from 'kysely'
import type { Database } from './database.ts'

// Batched deletes: each statement removes at most `batch` rows (a short transaction, few locks), and
// the caller repeats until a batch comes back short.

async function deleteBatch(db: Database, table: string, where: ReturnType<typeof sql>, batch: number) {
  const result = await sql`
    delete from ${sql.table(table)} where id in (select id from ${sql.table(table)} where ${where} limit ${batch})`.execute(
    db,
  )
  return Number(result.numAffectedRows ?? 0)
}

export const retentionDeletes = {
  webhookAttempts: (db: Database, before: Date, batch: number) =>
    deleteBatch(db, 'webhook_attempts', sql`attempted_at < ${before}`, batch),
  /** Settled deliveries whose attempts are already gone (attempts go first: they reference deliveries). */
  webhookDeliveries: (db: Database, before: Date, batch: number) =>
    deleteBatch(
      db,
      'webhook_deliveries',
      sql`status <> 'pending' and coalesce(completed_at, updated_at) < ${before}
        and not exists (select 1 from webhook_attempts a where a.delivery_id = webhook_deliveries.id)`,
      batch,
    ),
  idempotencyKeys: (db: Database, now: Date, batch: number) =>
    deleteBatch(db, 'idempotency_keys', sql`expires_at < ${now}`, batch),
  sessions: (db: Database, before: Date, batch: number) =>
    deleteBatch(db, 'user_sessions', sql`absolute_expires_at < ${before} or revoked_at < ${before}`, batch),
  twoFactorChallenges: (db: Database, before: Date, batch: number) =>
    deleteBatch(db, 'two_factor_challenges', sql`expires_at < ${before}`, batch),
  emailOutbox: (db: Database, before: Date, batch: number) =>
    deleteBatch(db, 'email_outbox', sql`status in ('sent', 'stored', 'failed') and created_at < ${before}`, batch),
}

/** login_throttle and rate_limit_hits are keyed by text, not id. */
export async function deleteQuietThrottles(db: Database, quietSince: Date, now: Date, batch: number) {
  const result = await sql`
    delete from login_throttle where key in (
      select key from login_throttle
      where last_failure_at < ${quietSince} and (locked_until is null or locked_until < ${now})
      limit ${batch})`.execute(db)
  return Number(result.numAffectedRows ?? 0)
}
