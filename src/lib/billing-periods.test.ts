import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Cadence,
  instantOf,
  isTimeZone,
  periodBoundary,
  periodContaining,
  RECURRING_INTERVALS,
  wallTimeOf,
} from './billing-periods.ts'

const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham']
const monthly: Cadence = { interval: 'month', intervalCount: 1 }

const iso = (d: Date) => d.toISOString()

describe('billing periods', () => {
  it('a monthly plan anchored on the 31st bills on the last day of shorter months and returns to the 31st', () => {
    const anchor = new Date('2027-01-31T10:00:00Z')
    const days = [0, 1, 2, 3, 4].map((n) => iso(periodBoundary(anchor, monthly, n, 'UTC')))
    expect(days).toEqual([
      '2027-01-31T10:00:00.000Z',
      '2027-02-28T10:00:00.000Z',
      '2027-03-31T10:00:00.000Z',
      '2027-04-30T10:00:00.000Z',
      '2027-05-31T10:00:00.000Z',
    ])
  })

  it('uses 29 February in leap years and 28 February otherwise', () => {
    const anchor = new Date('2028-01-31T00:00:00Z')
    expect(iso(periodBoundary(anchor, monthly, 1, 'UTC'))).toBe('2028-02-29T00:00:00.000Z')
    const leap = new Date('2028-02-29T12:00:00Z')
    const yearly: Cadence = { interval: 'year', intervalCount: 1 }
    expect(iso(periodBoundary(leap, yearly, 1, 'UTC'))).toBe('2029-02-28T12:00:00.000Z')
    expect(iso(periodBoundary(leap, yearly, 4, 'UTC'))).toBe('2032-02-29T12:00:00.000Z')
  })

  it('keeps the wall-clock time in the organization time zone across daylight saving', () => {
    // 09:00 in Paris: UTC+1 in January, UTC+2 in April.
    const anchor = new Date('2027-01-15T08:00:00Z')
    expect(iso(periodBoundary(anchor, monthly, 3, 'Europe/Paris'))).toBe('2027-04-15T07:00:00.000Z')
    // The last day of the month is read in the zone: 31 Jan 23:30 in New York is 1 Feb in UTC.
    const ny = new Date('2027-02-01T04:30:00Z')
    expect(iso(periodBoundary(ny, monthly, 1, 'America/New_York'))).toBe('2027-03-01T04:30:00.000Z')
    expect(iso(periodBoundary(ny, monthly, 1, 'UTC'))).toBe('2027-03-01T04:30:00.000Z')
    const nyEnd = new Date('2027-01-31T23:30:00-05:00')
    expect(iso(periodBoundary(nyEnd, monthly, 1, 'America/New_York'))).toBe('2027-03-01T04:30:00.000Z')
    expect(wallTimeOf(periodBoundary(nyEnd, monthly, 1, 'America/New_York'), 'America/New_York').day).toBe(28)
  })

  it('moves a wall time in the spring-forward gap after the gap', () => {
    const t = instantOf(
      { year: 2027, month: 3, day: 28, hour: 2, minute: 30, second: 0, millisecond: 0 },
      'Europe/Paris',
    )
    expect(iso(t)).toBe('2027-03-28T01:30:00.000Z') // 03:30 CEST
  })

  it('knows IANA zones', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
    expect(isTimeZone('')).toBe(false)
  })

  it('property: boundaries increase, periods tile time, and every instant falls in exactly one period', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...RECURRING_INTERVALS),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 40 }),
        (anchor, interval, intervalCount, zone, n) => {
          const cadence = { interval, intervalCount }
          const a = periodBoundary(anchor, cadence, n, zone)
          const b = periodBoundary(anchor, cadence, n + 1, zone)
          expect(b.getTime()).toBeGreaterThan(a.getTime())
          const mid = new Date(a.getTime() + Math.floor((b.getTime() - a.getTime()) / 2))
          const p = periodContaining(anchor, cadence, mid, zone)
          expect(p.index).toBe(n)
          expect(p.start.getTime()).toBe(a.getTime())
          expect(p.end.getTime()).toBe(b.getTime())
          expect(periodContaining(anchor, cadence, b, zone).index).toBe(n + 1)
        },
      ),
      { numRuns: 400 },
    )
  })

  it('property: a monthly boundary lands on the anchor day, or the last day of a shorter month', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...ZONES),
        fc.integer({ min: 1, max: 30 }),
        (anchor, zone, n) => {
          const anchorDay = wallTimeOf(anchor, zone).day
          const w = wallTimeOf(periodBoundary(anchor, monthly, n, zone), zone)
          const last = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate()
          expect(w.day).toBe(Math.min(anchorDay, last))
        },
      ),
      { numRuns: 300 },
    )
  })
})
