import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { periodBoundary, RECURRING_INTERVALS } from './billing-periods.ts'
import { prorate } from './proration.ts'

const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham']

describe('proration', () => {
  it('credits the unused half and charges the new plan for the rest of the period', () => {
    const period = { start: new Date('2027-04-01T00:00:00Z'), end: new Date('2027-05-01T00:00:00Z') }
    const r = prorate({
      period,
      changeAt: new Date('2027-04-16T00:00:00Z'),
      oldAmount: 1000,
      newAmount: 3000,
      paidForPeriod: 1000,
      creditedForPeriod: 0,
    })
    expect(r.lines.map((l) => [l.kind, l.amount])).toEqual([
      ['unused_time', -500],
      ['remaining_time', 1500],
    ])
    expect(r.total).toBe(1000)
    expect(r.usedMs + r.unusedMs).toBe(r.periodMs)
  })

  it('rounds each line once, half up', () => {
    // 1 cent over three equal thirds: 2/3 of 1 = 0.67 → 1 cent credited.
    const period = { start: new Date(0), end: new Date(3000) }
    const r = prorate({
      period,
      changeAt: new Date(1000),
      oldAmount: 1,
      newAmount: 0,
      paidForPeriod: 1,
      creditedForPeriod: 0,
    })
    expect(r.total).toBe(-1)
    const half = prorate({
      period: { start: new Date(0), end: new Date(2) },
      changeAt: new Date(1),
      oldAmount: 1,
      newAmount: 1,
      paidForPeriod: 1,
      creditedForPeriod: 0,
    })
    expect(half.lines.map((l) => l.amount)).toEqual([-1, 1])
  })

  it('never credits more than was paid for the period', () => {
    const period = { start: new Date(0), end: new Date(100) }
    const r = prorate({
      period,
      changeAt: new Date(10),
      oldAmount: 5000,
      newAmount: 0,
      paidForPeriod: 200,
      creditedForPeriod: 150,
    })
    expect(r.total).toBe(-50)
  })

  it('property: chained changes keep lines summing to the charge, credits ≤ paid, and splits = the period', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2032-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...RECURRING_INTERVALS),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 5_000_000 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (anchor, interval, intervalCount, zone, n, firstAmount, changes) => {
          const cadence = { interval, intervalCount }
          const period = {
            start: periodBoundary(anchor, cadence, n, zone),
            end: periodBoundary(anchor, cadence, n + 1, zone),
          }
          const length = period.end.getTime() - period.start.getTime()
          // Change instants in time order inside the period (test input only: fractions of the period).
          const at = changes.map(([f]) => period.start.getTime() + Math.floor(f * length)).sort((a, b) => a - b)
          let paid = firstAmount
          let credited = 0
          let current = firstAmount
          changes.forEach(([, amount], i) => {
            const r = prorate({
              period,
              changeAt: new Date(at[i]),
              oldAmount: current,
              newAmount: amount,
              paidForPeriod: paid,
              creditedForPeriod: credited,
            })
            expect(r.lines.reduce((s, l) => s + l.amount, 0)).toBe(r.total)
            expect(r.usedMs + r.unusedMs).toBe(r.periodMs)
            expect(r.periodMs).toBe(length)
            for (const l of r.lines) expect(Number.isSafeInteger(l.amount)).toBe(true)
            credited += -(r.lines.find((l) => l.kind === 'unused_time')?.amount ?? 0)
            paid += r.lines.find((l) => l.kind === 'remaining_time')?.amount ?? 0
            current = amount
            expect(credited).toBeLessThanOrEqual(paid)
          })
        },
      ),
      { numRuns: 500 },
    )
  })
})
