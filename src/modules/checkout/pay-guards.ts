import type { AppContext } from '../../context.ts'
import { AppError, conflict } from '../../lib/errors.ts'
import type { SessionRow } from './checkout-lifecycle.service.ts'
import { hitRateLimit } from '../../db/rate-limits.ts'
import { tooManyAttempts } from './rate-limit.ts'

// Whether a payment attempt may start at all: the session is open, the client is not testing cards at
// speed, and no other attempt holds the session.

/**
 * Per checkout token and per client IP, so neither one session nor one client can test cards at
 * speed; counted in the database, so the limits hold across every API process.
 */
export async function checkRateLimits(ctx: AppContext, token: string, ip: string): Promise<void> {
  const now = ctx.clock.now()
  const wait = Math.max(
    await hitRateLimit(ctx.db, `pay:token:${token}`, ctx.config.checkoutPayRatePerToken, 60_000, now),
    await hitRateLimit(ctx.db, `pay:ip:${ip}`, ctx.config.checkoutPayRatePerIp, 60_000, now),
  )
  if (wait > 0) throw tooManyAttempts(wait)
}

export const inProgress = () =>
  conflict('attempt_in_progress', 'A payment attempt for this checkout is already in progress.')
