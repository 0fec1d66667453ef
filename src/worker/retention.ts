import type { AppContext } from '../context.ts'
import { deleteEndedWindows } from '../db/rate-limits.ts'
import { deleteQuietThrottles, retentionDeletes } from '../db/retention.repository.ts'

const DAY_MS = 86_400_000
/** A run stops after this many batches per table; the next run (10 min later) continues. */
const MAX_BATCHES_PER_RUN = 100

export type RetentionReport = Record<string, number>

async function repeat(deleteOnce: () => Promise<number>, batch: number): Promise<number> {
  let total = 0
  for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
    const n = await deleteOnce()
    total += n
    if (n < batch) break
  }
  return total
}

/**
 * The retention sweep: webhook attempts and settled deliveries older than WEBHOOK_RETENTION_DAYS
 * (default 90), expired idempotency keys, ended sessions and 2FA challenges, sent or stored email
 * older than EMAIL_RETENTION_DAYS (default 30), and quiet throttle and rate-limit rows — each in
 * batches of RETENTION_BATCH_SIZE (default 1000).
 */
export async function runRetention(ctx: AppContext): Promise<RetentionReport> {
  const { db, config } = ctx
  const now = ctx.clock.now()
  const batch = config.retentionBatchSize
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS)
  const webhooksBefore = ago(config.webhookRetentionDays)
  const report: RetentionReport = {
    webhook_attempts: await repeat(() => retentionDeletes.webhookAttempts(db, webhooksBefore, batch), batch),
    webhook_deliveries: await repeat(() => retentionDeletes.webhookDeliveries(db, webhooksBefore, batch), batch),
    idempotency_keys: await repeat(() => retentionDeletes.idempotencyKeys(db, now, batch), batch),
    user_sessions: await repeat(() => retentionDeletes.sessions(db, ago(30), batch), batch),
    two_factor_challenges: await repeat(() => retentionDeletes.twoFactorChallenges(db, ago(1), batch), batch),
    email_outbox: await repeat(() => retentionDeletes.emailOutbox(db, ago(config.emailRetentionDays), batch), batch),
    login_throttle: await repeat(() => deleteQuietThrottles(db, ago(1), now, batch), batch),
    rate_limit_hits: await repeat(() => deleteEndedWindows(db, new Date(now.getTime() - 3_600_000), batch), batch),
  }
  const deleted = Object.values(report).reduce((a, b) => a + b, 0)
  if (deleted > 0) ctx.log.info({ deleted: report }, 'retention sweep')
  return report
}
