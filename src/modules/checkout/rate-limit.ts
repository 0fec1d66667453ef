import { AppError } from '../../lib/errors.ts'

/**
 * Fixed-window counters kept in memory: enough to stop card testing through one instance. Several
 * instances each count on their own, so the effective limit is per instance (documented).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>()
  private lastSweep = 0

  constructor(private readonly windowMs: number) {}

  /** Counts one hit; returns the seconds to wait when `key` is over `limit`, else 0. */
  hit(key: string, limit: number, nowMs = Date.now()): number {
    this.sweep(nowMs)
    let window = this.windows.get(key)
    if (!window || window.resetAt <= nowMs) {
      window = { count: 0, resetAt: nowMs + this.windowMs }
      this.windows.set(key, window)
    }
    window.count++
    return window.count > limit ? Math.max(1, Math.ceil((window.resetAt - nowMs) / 1000)) : 0
  }

  private sweep(nowMs: number): void {
    if (nowMs - this.lastSweep < this.windowMs) return
    this.lastSweep = nowMs
    for (const [key, window] of this.windows) if (window.resetAt <= nowMs) this.windows.delete(key)
  }
}

export const tooManyAttempts = (retryAfterSeconds: number) =>
  new AppError(
    'too_many_attempts',
    `Too many payment attempts. Try again in ${retryAfterSeconds} seconds.`,
    undefined,
    { 'retry-after': String(retryAfterSeconds) },
  )
