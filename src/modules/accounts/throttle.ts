import type { Database } from '../../db/database.ts'
import { AppError } from '../../lib/errors.ts'
import * as repo from './accounts.repository.ts'

/**
 * Login throttling, per account and per client IP, stored in the database so every API process
 * shares it. The first failures are free; from the 5th (per account; 20th per IP) each failure locks the key for a growing delay:
 * 30 s, 60 s, 120 s … capped at 15 min. A key quiet for an hour starts over. Unknown emails are
 * throttled exactly like real ones, so the answers reveal nothing about which accounts exist.
 */
const POLICY = {
  account: { lockAtFailure: 5 },
  ip: { lockAtFailure: 20 },
}
const BASE_DELAY_MS = 30_000
const MAX_DELAY_MS = 15 * 60_000
const RESET_AFTER_MS = 60 * 60_000

export const throttleKeys = (email: string, ip: string | null) => ({
  account: `account:${email.trim().toLowerCase()}`,
  ip: ip ? `ip:${ip}` : null,
})

export function lockDelayMs(failures: number, lockAtFailure: number): number {
  if (failures < lockAtFailure) return 0
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - lockAtFailure))
}

/** 429 with Retry-After while any of the keys is locked. */
export async function assertNotThrottled(
  db: Database,
  keys: ReturnType<typeof throttleKeys>,
  now: Date,
): Promise<void> {
  const rows = await repo.findThrottles(db, [keys.account, ...(keys.ip ? [keys.ip] : [])])
  const until = Math.max(0, ...rows.map((r) => r.locked_until?.getTime() ?? 0))
  if (until > now.getTime()) {
    const seconds = Math.ceil((until - now.getTime()) / 1000)
    throw new AppError(
      'too_many_attempts',
      `Too many failed sign-in attempts. Try again in ${seconds} seconds.`,
      undefined,
      { 'retry-after': String(seconds) },
    )
  }
}

export async function recordLoginFailure(
  db: Database,
  keys: ReturnType<typeof throttleKeys>,
  now: Date,
): Promise<void> {
  const entries: Array<[string, number]> = [[keys.account, POLICY.account.lockAtFailure]]
  if (keys.ip) entries.push([keys.ip, POLICY.ip.lockAtFailure])
  for (const [key, free] of entries) {
    const failures = await repo.countFailure(db, key, now, RESET_AFTER_MS)
    const delay = lockDelayMs(failures, free)
    if (delay > 0) await repo.lockKey(db, key, new Date(now.getTime() + delay))
  }
}

/** A successful sign-in clears the account's counter (not the IP's: one good account must not unlock guessing at others). */
export const clearLoginFailures = (db: Database, keys: ReturnType<typeof throttleKeys>) =>
  repo.clearThrottle(db, keys.account)
