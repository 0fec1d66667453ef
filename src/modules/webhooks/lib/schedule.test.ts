import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MAX_ATTEMPTS,
  MAX_RETRY_STEP_MS,
  RETRY_SCHEDULE_MS,
  nextRetryDelayMs,
  parseRetryAfter,
  retryDelayAfterFailure,
} from './schedule.ts'

const SECOND = 1000
const HOUR = 3600 * SECOND
const DAY = 24 * HOUR
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0)
const retryAttempts = fc.integer({ min: 1, max: MAX_ATTEMPTS - 1 })
const unitRandom = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })

describe('RETRY_SCHEDULE_MS', () => {
  it('starts at 5 s, never shrinks, and caps each step at 12 h', () => {
    expect(RETRY_SCHEDULE_MS[0]).toBe(5 * SECOND)
    for (let i = 1; i < RETRY_SCHEDULE_MS.length; i++) {
      expect(RETRY_SCHEDULE_MS[i]).toBeGreaterThanOrEqual(RETRY_SCHEDULE_MS[i - 1])
    }
    expect(Math.max(...RETRY_SCHEDULE_MS)).toBe(MAX_RETRY_STEP_MS)
    expect(MAX_RETRY_STEP_MS).toBe(12 * HOUR)
    expect(MAX_ATTEMPTS).toBe(RETRY_SCHEDULE_MS.length + 1)
  })

  it('spans at least 3 days even if every step is jittered to its minimum', () => {
    expect(sum(RETRY_SCHEDULE_MS)).toBeGreaterThanOrEqual(3 * DAY)
    expect(sum(RETRY_SCHEDULE_MS) * 0.8).toBeGreaterThanOrEqual(3 * DAY)
    // Matches the table in schedule.ts: 4d 3h 42m 35s nominal.
    expect(sum(RETRY_SCHEDULE_MS)).toBe(((4 * 24 + 3) * 3600 + 42 * 60 + 35) * SECOND)
  })

  it('cannot be mutated by a caller', () => {
    expect(() => (RETRY_SCHEDULE_MS as number[]).push(1)).toThrow()
  })
})

describe('nextRetryDelayMs', () => {
  it('waits about 5 s after the first failure', () => {
    expect(nextRetryDelayMs(1, () => 0.5)).toBe(5 * SECOND)
    expect(nextRetryDelayMs(1, () => 0)).toBe(4 * SECOND)
    expect(nextRetryDelayMs(1, () => 0.999999)).toBe(6 * SECOND)
  })

  it('stays within ±20% of the nominal step and never above 12 h, for any random draw', () => {
    fc.assert(
      fc.property(retryAttempts, unitRandom, (attempt, r) => {
        const nominal = RETRY_SCHEDULE_MS[attempt - 1]
        const delay = nextRetryDelayMs(attempt, () => r)!
        expect(Number.isInteger(delay)).toBe(true)
        expect(delay).toBeGreaterThanOrEqual(Math.floor(nominal * 0.8))
        expect(delay).toBeLessThanOrEqual(Math.ceil(nominal * 1.2))
        expect(delay).toBeLessThanOrEqual(MAX_RETRY_STEP_MS)
      }),
      { numRuns: 2000 },
    )
  })

  it('actually jitters: the capped 12 h steps still spread over [9.6 h, 12 h]', () => {
    const last = MAX_ATTEMPTS - 1
    expect(nextRetryDelayMs(last, () => 0)).toBe(9.6 * HOUR)
    expect(nextRetryDelayMs(last, () => 0.5)).toBe(10.8 * HOUR)
    expect(nextRetryDelayMs(last, () => 0.999999999)).toBe(12 * HOUR)
  })

  it('retries for at least 3 days whatever the draws, then gives up', () => {
    fc.assert(
      fc.property(fc.array(unitRandom, { minLength: MAX_ATTEMPTS, maxLength: MAX_ATTEMPTS }), (draws) => {
        let elapsed = 0
        let attempt = 1
        for (;;) {
          const delay = nextRetryDelayMs(attempt, () => draws[attempt - 1])
          if (delay === null) break
          elapsed += delay
          attempt++
        }
        expect(attempt).toBe(MAX_ATTEMPTS)
        expect(elapsed).toBeGreaterThanOrEqual(3 * DAY)
        expect(elapsed).toBeLessThan(5 * DAY)
      }),
    )
  })

  it('returns null once attempts are exhausted and refuses nonsense', () => {
    expect(nextRetryDelayMs(MAX_ATTEMPTS - 1)).not.toBeNull()
    expect(nextRetryDelayMs(MAX_ATTEMPTS)).toBeNull()
    expect(nextRetryDelayMs(MAX_ATTEMPTS + 10)).toBeNull()
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => nextRetryDelayMs(bad)).toThrow(RangeError)
  })
})

describe('parseRetryAfter', () => {
  const now = new Date('2025-03-01T12:00:00Z')

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120 * SECOND)
    expect(parseRetryAfter(' 7 ', now)).toBe(7 * SECOND)
  })

  it('reads all three HTTP-date forms as GMT', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:30 GMT', now)).toBe(30 * SECOND)
    expect(parseRetryAfter('Saturday, 01-Mar-25 12:01:00 GMT', now)).toBe(60 * SECOND)
    expect(parseRetryAfter('Sat Mar  1 12:02:00 2025', now)).toBe(120 * SECOND)
  })

  it('clamps to [1 s, 24 h]', () => {
    expect(parseRetryAfter('0', now)).toBe(SECOND)
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', now)).toBe(SECOND) // in the past
    expect(parseRetryAfter('86401', now)).toBe(DAY)
    expect(parseRetryAfter('99999999999999999999999', now)).toBe(DAY)
    expect(parseRetryAfter('Sat, 01 Mar 2031 12:00:00 GMT', now)).toBe(DAY)
  })

  it('returns null for absent or unparseable values', () => {
    for (const value of [
      undefined,
      '',
      '   ',
      '-1',
      '1.5',
      '5 seconds',
      'soon',
      '2025-03-01T12:00:30Z',
      'Sat, 01 Mar 2025 12:00:30',
    ]) {
      expect(parseRetryAfter(value, now), String(value)).toBeNull()
    }
  })

  it('always lands in [1 s, 24 h] for any delay-seconds', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (seconds) => {
        const delay = parseRetryAfter(seconds.toString(), now)!
        expect(delay).toBeGreaterThanOrEqual(SECOND)
        expect(delay).toBeLessThanOrEqual(DAY)
      }),
    )
  })
})

describe('retryDelayAfterFailure', () => {
  const now = new Date('2025-03-01T12:00:00Z')
  const mid = () => 0.5

  it('follows the schedule for other failures, ignoring Retry-After', () => {
    expect(retryDelayAfterFailure({ attemptNumber: 1, status: 500, retryAfter: '600' }, now, mid)).toBe(5 * SECOND)
    expect(retryDelayAfterFailure({ attemptNumber: 2 }, now, mid)).toBe(30 * SECOND)
  })

  it('on 429/503 waits at least as long as Retry-After asks, but never less than the schedule', () => {
    expect(retryDelayAfterFailure({ attemptNumber: 1, status: 429, retryAfter: '600' }, now, mid)).toBe(600 * SECOND)
    expect(retryDelayAfterFailure({ attemptNumber: 1, status: 503, retryAfter: '600' }, now, mid)).toBe(600 * SECOND)
    expect(retryDelayAfterFailure({ attemptNumber: 9, status: 429, retryAfter: '1' }, now, mid)).toBe(8 * HOUR)
    expect(retryDelayAfterFailure({ attemptNumber: 1, status: 429 }, now, mid)).toBe(5 * SECOND)
  })

  it('gives up after the last attempt even if the receiver asks for a retry', () => {
    expect(retryDelayAfterFailure({ attemptNumber: MAX_ATTEMPTS, status: 503, retryAfter: '5' }, now)).toBeNull()
  })
})
