/**
 * Billing periods: the instants at which a recurring price renews.
 *
 * Periods are computed on the wall clock of the organization's time zone and stored as UTC instants,
 * so a monthly plan bought at 09:00 in Paris renews at 09:00 in Paris across daylight-saving changes.
 * Every boundary is derived from the anchor (boundary n = anchor + n × interval), never from the
 * previous boundary, so a plan anchored on the 31st bills on the last day of shorter months and comes
 * back to the 31st when the month has one; a 29 February anchor bills on 28 February in other years.
 * Home-made on purpose: Intl gives offsets; no maintained library offers anchor-based month clamping.
 */

export const RECURRING_INTERVALS = ['day', 'week', 'month', 'year'] as const
export type RecurringInterval = (typeof RECURRING_INTERVALS)[number]

export interface Cadence {
  interval: RecurringInterval
  intervalCount: number
}

/** A wall-clock date-time in some time zone (months 1–12). */
interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  millisecond: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** True when `timeZone` is an IANA name this runtime knows ("UTC", "Europe/Paris"). */
export function isTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone.length === 0 || timeZone.length > 64) return false
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

export function wallTimeOf(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {}
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    millisecond: instant.getUTCMilliseconds(),
  }
}

function wallAsUtcMs(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond)
}

/** Offset (ms) of the zone at `instantMs`: local wall time minus UTC. */
function offsetAt(instantMs: number, timeZone: string): number {
  return wallAsUtcMs(wallTimeOf(new Date(instantMs), timeZone)) - instantMs
}

/**
 * The UTC instant of a wall time in `timeZone`. A wall time that does not exist (the spring-forward
 * gap) moves forward by the gap; an ambiguous one (fall-back) takes the earlier instant.
 */
export function instantOf(w: WallTime, timeZone: string): Date {
  const wall = wallAsUtcMs(w)
  const halfDay = 12 * 36e5
  const before = wall - offsetAt(wall - halfDay, timeZone)
  const after = wall - offsetAt(wall + halfDay, timeZone)
  const exact = [before, after].filter((t) => wallAsUtcMs(wallTimeOf(new Date(t), timeZone)) === wall)
  if (exact.length > 0) return new Date(Math.min(...exact))
  // In a gap: the offset from before the gap lands just after it on the wall clock.
  return new Date(before)
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** Boundary `n` of a cadence anchored at `anchor` (n = 0 is the anchor itself). */
export function periodBoundary(anchor: Date, cadence: Cadence, n: number, timeZone: string): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer')
  if (!Number.isInteger(cadence.intervalCount) || cadence.intervalCount < 1) {
    throw new RangeError('intervalCount must be a positive integer')
  }
  const w = wallTimeOf(anchor, timeZone)
  const steps = n * cadence.intervalCount
  if (cadence.interval === 'day' || cadence.interval === 'week') {
    const days = cadence.interval === 'day' ? steps : steps * 7
    const shifted = new Date(Date.UTC(w.year, w.month - 1, w.day + days))
    return instantOf(
      { ...w, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() },
      timeZone,
    )
  }
  const months = cadence.interval === 'month' ? steps : steps * 12
  const monthIndex = w.month - 1 + months
  const year = w.year + Math.floor(monthIndex / 12)
  const month = (monthIndex % 12) + 1
  const day = Math.min(w.day, daysInMonth(year, month))
  return instantOf({ ...w, year, month, day }, timeZone)
}

export interface Period {
  index: number
  start: Date
  end: Date
}

/** The period (by index from the anchor) that contains `at`; `at` before the anchor → period 0. */
export function periodContaining(anchor: Date, cadence: Cadence, at: Date, timeZone: string): Period {
  // Estimate, then walk: an interval is at least 23 h, so the estimate is never far off.
  const approxMs = { day: 864e5, week: 6048e5, month: 2629746e3, year: 31556952e3 }[cadence.interval]
  let index = Math.max(0, Math.floor((at.getTime() - anchor.getTime()) / (approxMs * cadence.intervalCount)) - 1)
  while (index > 0 && periodBoundary(anchor, cadence, index, timeZone) > at) index -= 1
  while (periodBoundary(anchor, cadence, index + 1, timeZone) <= at) index += 1
  return {
    index,
    start: periodBoundary(anchor, cadence, index, timeZone),
    end: periodBoundary(anchor, cadence, index + 1, timeZone),
  }
}
