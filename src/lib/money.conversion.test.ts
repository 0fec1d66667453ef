import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_AMOUNT_MINOR, convert, parsePercentToBp, parseRate, percentOfBp } from './money.ts'

// Exchange rates and percentages: parsing at the edge, conversion and basis points with one rounding rule.

describe('parseRate and convert', () => {
  it('accepts positive decimals with up to 8 decimals, in canonical form', () => {
    expect(parseRate('1.08')).toEqual({ ok: true, rate: '1.08' })
    expect(parseRate('1')).toEqual({ ok: true, rate: '1' })
    expect(parseRate('01.0800')).toEqual({ ok: true, rate: '1.08' })
    expect(parseRate('0.00000001')).toEqual({ ok: true, rate: '0.00000001' })
    expect(parseRate('1.00000000')).toEqual({ ok: true, rate: '1' })
  })

  it('refuses zero, signs, exponents and more than 8 decimals', () => {
    const format = { ok: false, reason: 'must be a decimal rate with at most 8 decimals' }
    for (const bad of ['1.000000001', '-1.08', '1e2', '', ' 1', '1.', '.5', 'abc'])
      expect(parseRate(bad)).toEqual(format)
    for (const zero of ['0', '0.0', '000.00000000']) {
      expect(parseRate(zero)).toEqual({ ok: false, reason: 'must be greater than zero' })
    }
  })

  it('converts exactly, rounding half up', () => {
    expect(convert(10000, '1.08')).toBe(10800)
    expect(convert(10000, '1')).toBe(10000)
    expect(convert(2999, '1.08')).toBe(3239) // 32.3892 → 32.39
    expect(convert(50, '0.01')).toBe(1) // 0.005 → 0.01 (half up)
    expect(convert(49, '0.01')).toBe(0)
    expect(convert(1, '0.5')).toBe(1)
    expect(convert(-1, '0.5')).toBe(-1) // half away from zero
    expect(convert(MAX_AMOUNT_MINOR, '1.12345678')).toBe(11234567799) // 112345677.9887654322 → 112345677.99
    expect(convert(0, '1.08')).toBe(0)
  })

  it('throws on a bad rate instead of guessing', () => {
    expect(() => convert(100, '1.2.3')).toThrow(RangeError)
    expect(() => convert(100, '0')).toThrow(/greater than zero/)
  })

  const rateArb = fc
    .tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 99_999_999 }))
    .filter(([whole, frac]) => whole + frac > 0)
    .map(([whole, frac]) => `${whole}.${String(frac).padStart(8, '0')}`)

  it('is monotonic in the amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_AMOUNT_MINOR }),
        fc.integer({ min: 0, max: MAX_AMOUNT_MINOR }),
        rateArb,
        (x, y, rate) => {
          const [lo, hi] = x <= y ? [x, y] : [y, x]
          expect(convert(lo, rate)).toBeLessThanOrEqual(convert(hi, rate))
        },
      ),
    )
  })

  it('is monotonic in the rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_AMOUNT_MINOR }), rateArb, rateArb, (minor, r1, r2) => {
        const [lo, hi] = Number(r1) <= Number(r2) ? [r1, r2] : [r2, r1]
        expect(convert(minor, lo)).toBeLessThanOrEqual(convert(minor, hi))
      }),
    )
  })

  it('is the identity at rate 1 and within half a cent of the exact product', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_AMOUNT_MINOR, max: MAX_AMOUNT_MINOR }), rateArb, (minor, rate) => {
        expect(convert(minor, '1')).toBe(minor)
        const exactTimes1e8 = BigInt(minor) * BigInt(rate.replace('.', ''))
        const errorTimes1e8 = BigInt(convert(minor, rate)) * 100_000_000n - exactTimes1e8
        expect(2n * (errorTimes1e8 < 0n ? -errorTimes1e8 : errorTimes1e8) <= 100_000_000n).toBe(true)
      }),
    )
  })
})

describe('percentOfBp and parsePercentToBp', () => {
  it('takes a percentage in basis points, rounding half up', () => {
    expect(percentOfBp(1000, 290)).toBe(29) // 2.9% of 10.00
    expect(percentOfBp(10000, 2000)).toBe(2000)
    expect(percentOfBp(50, 100)).toBe(1) // 0.5 cent → 1
    expect(percentOfBp(49, 100)).toBe(0)
    expect(percentOfBp(12345, 0)).toBe(0)
    expect(percentOfBp(12345, 10000)).toBe(12345)
  })

  it.each([
    ['2.9', 290],
    ['2.90', 290],
    ['20', 2000],
    ['0', 0],
    ['0.01', 1],
    ['100', 10000],
    ['100.00', 10000],
  ])('%s%% → %i bp', (text, bp) => {
    expect(parsePercentToBp(text)).toEqual({ ok: true, bp })
  })

  it('refuses more than 2 decimals, signs and anything over 100', () => {
    const format = { ok: false, reason: 'must be a percentage with at most 2 decimals' }
    for (const bad of ['2.999', '-1', '+1', '2%', '', ' 2', '1e1', '.5']) expect(parsePercentToBp(bad)).toEqual(format)
    for (const big of ['100.01', '101', '1000']) {
      expect(parsePercentToBp(big)).toEqual({ ok: false, reason: 'must be between 0 and 100' })
    }
  })
})
