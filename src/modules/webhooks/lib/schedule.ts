// Retry schedule for one event to one endpoint. Attempt 1 is the first delivery; after attempt n
// fails, the next one runs RETRY_SCHEDULE_MS[n - 1] later (±20% jitter, never above 12 h).
//
//   after attempt   1    2    3    4     5     6   7   8   9   10..16
//   wait (nominal)  5s   30s  2m   10m   30m   1h  2h  4h  8h  12h each
//   start of attempt n+1, counted from attempt 1 (nominal): 5s, 35s, 2m35s, 12m35s, 42m35s,
//   1h42m, 3h42m, 7h42m, 15h42m, then 12 h more each → attempt 17 at 4d 3h 42m.
//
// 17 attempts over ~4.15 days nominal; with every step jittered to its minimum the span is still
// ~3.3 days, so "retried for at least 3 days" holds for every draw. Jitter spreads the retries of
// a backlog built up during a receiver outage, so they do not all land in the same second.

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export const MAX_RETRY_STEP_MS = 12 * HOUR
export const RETRY_JITTER = 0.2

/** Nominal wait after attempt n fails is RETRY_SCHEDULE_MS[n - 1]. */
export const RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  5 * SECOND,
  30 * SECOND,
  2 * MINUTE,
  10 * MINUTE,
  30 * MINUTE,
  1 * HOUR,
  2 * HOUR,
  4 * HOUR,
  8 * HOUR,
  ...Array<number>(7).fill(12 * HOUR),
])

/** The first delivery plus one retry per schedule step. */
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1

/**
 * Milliseconds to wait after attempt `attemptNumber` (1-based) failed, or null when that was the
 * last attempt. Uniform in [0.8 × nominal, min(1.2 × nominal, 12 h)].
 */
export function nextRetryDelayMs(attemptNumber: number, random: () => number = Math.random): number | null {
  if (!Number.isInteger(attemptNumber) || attemptNumber < 1) {
    throw new RangeError(`attemptNumber must be a positive integer (got ${attemptNumber})`)
  }
  if (attemptNumber >= MAX_ATTEMPTS) return null
  const nominal = RETRY_SCHEDULE_MS[attemptNumber - 1]
  const low = nominal * (1 - RETRY_JITTER)
  const high = Math.min(nominal * (1 + RETRY_JITTER), MAX_RETRY_STEP_MS)
  const r = Math.min(Math.max(random(), 0), 1)
  return Math.round(low + (high - low) * r)
}

const MIN_RETRY_AFTER_MS = SECOND
const MAX_RETRY_AFTER_MS = DAY

// The three HTTP-date forms RFC 9110 §5.6.7 requires recipients to accept. Anything looser is
// refused because Date.parse happily reads strings like "-1" as a date.
const IMF_FIXDATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/
const RFC850_DATE = /^[A-Za-z]{6,9}, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/
const ASCTIME_DATE = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/

function parseHttpDate(value: string): number {
  if (IMF_FIXDATE.test(value) || RFC850_DATE.test(value)) return Date.parse(value)
  // asctime carries no zone; it is GMT by definition, and Date.parse would assume local time.
  if (ASCTIME_DATE.test(value)) return Date.parse(`${value} GMT`)
  return Number.NaN
}

/**
 * A `Retry-After` header (delay-seconds or HTTP-date) as milliseconds from `now`, clamped to
 * [1 s, 24 h]; null when absent or unparseable. A date in the past gives 1 s.
 */
export function parseRetryAfter(header: string | undefined, now: Date): number | null {
  const value = header?.trim()
  if (!value) return null
  let delayMs: number
  if (/^\d+$/.test(value)) {
    delayMs = Number(value) * SECOND
  } else {
    const at = parseHttpDate(value)
    if (Number.isNaN(at)) return null
    delayMs = at - now.getTime()
  }
  return Math.min(Math.max(delayMs, MIN_RETRY_AFTER_MS), MAX_RETRY_AFTER_MS)
}

export interface FailedAttempt {
  attemptNumber: number
  /** HTTP status, or undefined for a network error / timeout. */
  status?: number
  retryAfter?: string
}

/**
 * Delay before the next attempt, or null when attempts are exhausted. On 429/503 a `Retry-After`
 * is honoured as a minimum: a receiver answering "Retry-After: 1" forever must not burn through
 * the 3-day schedule in seconds. (410 Gone is not retried at all; the caller disables the endpoint.)
 */
export function retryDelayAfterFailure(
  failure: FailedAttempt,
  now: Date,
  random: () => number = Math.random,
): number | null {
  const scheduled = nextRetryDelayMs(failure.attemptNumber, random)
  if (scheduled === null) return null
  if (failure.status !== 429 && failure.status !== 503) return scheduled
  const requested = parseRetryAfter(failure.retryAfter, now)
  return requested === null ? scheduled : Math.max(scheduled, requested)
}
