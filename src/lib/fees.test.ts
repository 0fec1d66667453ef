import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeFee } from './fees.ts'
import { MAX_AMOUNT_MINOR } from './money.ts'

describe('computeFee', () => {
  it('is the rounded percentage plus the fixed part', () => {
    expect(computeFee(10000, 290, 30)).toBe(320) // 2.9% of 100.00 + 0.30
    expect(computeFee(1000, 290, 30)).toBe(59) // 0.29 + 0.30
    expect(computeFee(1050, 290, 0)).toBe(30) // 30.45 → 30
    expect(computeFee(1500, 290, 0)).toBe(44) // 43.5 → 44 (half up)
    expect(computeFee(12345, 0, 0)).toBe(0)
    expect(computeFee(12345, 0, 25)).toBe(25)
  })

  it('never takes more than the gross amount', () => {
    expect(computeFee(20, 290, 30)).toBe(20) // 0.30 fixed on a 0.20 payment
    expect(computeFee(100, 10000, 1)).toBe(100)
    expect(computeFee(0, 290, 30)).toBe(0)
  })

  it('refuses negative or fractional input', () => {
    expect(() => computeFee(-1, 290, 30)).toThrow(RangeError)
    expect(() => computeFee(100, -1, 30)).toThrow(RangeError)
    expect(() => computeFee(100, 290, -30)).toThrow(RangeError)
    expect(() => computeFee(100.5, 290, 30)).toThrow(RangeError)
    expect(() => computeFee(100, 2.5, 30)).toThrow(RangeError)
  })

  it('stays within 0..gross and is monotonic in the gross amount', () => {
    const gross = fc.integer({ min: 0, max: MAX_AMOUNT_MINOR })
    const percent = fc.integer({ min: 0, max: 10_000 })
    const fixed = fc.integer({ min: 0, max: 100_000 })
    fc.assert(
      fc.property(gross, gross, percent, fixed, (g1, g2, percentBp, fixedMinor) => {
        const fee = computeFee(g1, percentBp, fixedMinor)
        expect(Number.isSafeInteger(fee)).toBe(true)
        expect(fee).toBeGreaterThanOrEqual(0)
        expect(fee).toBeLessThanOrEqual(g1)
        const [lo, hi] = g1 <= g2 ? [g1, g2] : [g2, g1]
        expect(computeFee(lo, percentBp, fixedMinor)).toBeLessThanOrEqual(computeFee(hi, percentBp, fixedMinor))
      }),
      { numRuns: 2000 },
    )
  })
})
