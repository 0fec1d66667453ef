import type { AppContext } from '../../context.ts'
import { AppError, conflict } from '../../lib/errors.ts'
import type { SessionRow } from './checkout-lifecycle.service.ts'
import { RateLimiter, tooManyAttempts } from './rate-limit.ts'

// Whether a payment attempt may start at all: the session is open, the client is not testing cards at
// speed, and no other attempt holds the session.

const limiters = new WeakMap<AppContext, RateLimiter>()

/** Per checkout token and per client IP, so neither one session nor one client can test cards at speed. */
export function checkRateLimits(ctx: AppContext, token: string, ip: string): void {
  let limiter = limiters.get(ctx)
  if (!limiter) limiters.set(ctx, (limiter = new RateLimiter(60_000)))
  const wait = Math.max(
    limiter.hit(`token:${token}`, ctx.config.checkoutPayRatePerToken),
    limiter.hit(`ip:${ip}`, ctx.config.checkoutPayRatePerIp),
  )
  if (wait > 0) throw tooManyAttempts(wait)
}

/** Refuses any attempt on a session that is no longer open, with a message the page can show. */
export function assertOpen(session: Pick<SessionRow, 'status' | 'expires_at'>, now: Date): void {
  if (session.status === 'expired' || (session.status === 'open' && session.expires_at <= now)) {
    throw new AppError('checkout_expired', 'This checkout has expired.')
  }
  if (session.status === 'complete') throw conflict('checkout_already_paid', 'This checkout has already been paid.')
  if (session.status === 'failed')
    throw conflict('checkout_failed', 'This checkout has failed; no further payment attempts are possible.')
  if (session.status === 'canceled') throw conflict('checkout_canceled', 'This checkout was canceled.')
}

export const inProgress = () =>
  conflict('attempt_in_progress', 'A payment attempt for this checkout is already in progress.')
