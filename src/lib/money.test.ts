import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CURRENCIES,
  MAX_AMOUNT_MINOR,
  convert,
  formatMinor,
  isCurrency,
  mulDivRound,
  parseAmount,
  parsePercentToBp,
  parseRate,
  percentOfBp,
} from './money.ts'

const FORMAT = 'must be a decimal amount with at most 2 decimals'

describe('currencies', () => {
  it('accepts exactly USD and EUR', () => {
    expect(CURRENCIES).toEqual(['USD', 'EUR'])
    expect(isCurrency('USD')).toBe(true)
    expect(isCurrency('EUR')).toBe(true)
    for (const bad of ['usd', 'GBP', ' USD', '', null, undefined, 1, {}]) expect(isCurrency(bad)).toBe(false)
  })
})

describe('parseAmount', () => {
  it.each([
    ['99', 9900],
    ['99.5', 9950],
    ['99.00', 9900],
    ['0.01', 1],
    ['007.50', 750],
    ['99999999.99', MAX_AMOUNT_MINOR],
    [29.99, 2999],
    [0.07, 7],
    [1.1, 110],
    [100, 10000],
    [99999999.99, MAX_AMOUNT_MINOR],
  ])('%o → %i minor units', (input, minor) => {
    expect(parseAmount(input)).toEqual({ ok: true, minor })
  })

  it.each([
    ['99.001'],
    ['1.'],
    ['.5'],
    ['-1.00'],
    ['+1.00'],
    ['1e3'],
    [' 1.00'],
    ['1.00 '],
    ['1,00'],
    ['1_000'],
    ['١٢'], // \d is ASCII-only in JS; pin it so a regex change cannot widen it
    [''],
    [0.1 + 0.2],
    [1.005],
    [-5],
    [1e21],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [null],
    [undefined],
    [true],
    [{}],
    [[1]],
    [10n],
  ])('refuses %o as badly formed', (input) => {
    expect(parseAmount(input)).toEqual({ ok: false, reason: FORMAT })
  })

  it.each([['0'], ['0.00'], ['00.0'], [0], [-0]])('refuses zero %o', (input) => {
    expect(parseAmount(input)).toEqual({ ok: false, reason: 'must be greater than zero' })
  })

  it.each([['100000000'], ['100000000.00'], ['100000000.01'], [1e8], ['9'.repeat(40)]])(
    'refuses %o as too large',
    (input) => {
      expect(parseAmount(input)).toEqual({ ok: false, reason: 'is too large' })
    },
  )

  it('judges a number by its shortest decimal, not its binary value', () => {
    // 0.1 + 0.2 prints as 0.30000000000000004; 0.3 prints as 0.3.
    expect(parseAmount(0.3)).toEqual({ ok: true, minor: 30 })
    expect(parseAmount(0.1 + 0.2).ok).toBe(false)
    expect(parseAmount(29.99)).toEqual({ ok: true, minor: 2999 })
    // Multiplying by 100 in floats gives 1998.9999999999998 here; string scaling does not.
    expect(19.99 * 100).not.toBe(1999)
    expect(parseAmount(19.99)).toEqual({ ok: true, minor: 1999 })
  })

  it('agrees with itself whether the amount arrives as a string or a number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_AMOUNT_MINOR }), (minor) => {
        const text = formatMinor(minor)
        expect(parseAmount(Number(text))).toEqual({ ok: true, minor })
      }),
    )
  })
})

describe('formatMinor', () => {
  it.each([
    [9900, '99.00'],
    [5, '0.05'],
    [50, '0.50'],
    [0, '0.00'],
    [-1230, '-12.30'],
    [-5, '-0.05'],
    [MAX_AMOUNT_MINOR, '99999999.99'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('%i → %s', (minor, text) => {
    expect(formatMinor(minor)).toBe(text)
  })

  it('refuses non-integers instead of printing a wrong amount', () => {
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => formatMinor(bad)).toThrow(RangeError)
    }
  })

  it('round-trips through parseAmount for every valid amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_AMOUNT_MINOR }), (minor) => {
        expect(parseAmount(formatMinor(minor))).toEqual({ ok: true, minor })
      }),
    )
  })

  it('round-trips the other way for every canonical 2-decimal string', () => {
    const canonical = fc
      .tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 99 }))
      .filter(([whole, cents]) => whole + cents > 0)
      .map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0')}`)
    fc.assert(
      fc.property(canonical, (text) => {
        const parsed = parseAmount(text)
        expect(parsed.ok && formatMinor(parsed.minor)).toBe(text)
      }),
    )
  })
})

describe('mulDivRound', () => {
  it('rounds half up', () => {
    expect(mulDivRound(1, 1, 2)).toBe(1) // 0.5 → 1
    expect(mulDivRound(3, 1, 2)).toBe(2) // 1.5 → 2
    expect(mulDivRound(5, 1, 2)).toBe(3) // 2.5 → 3 (not banker's 2)
    expect(mulDivRound(1, 1, 3)).toBe(0) // 0.333 → 0
    expect(mulDivRound(2, 1, 3)).toBe(1) // 0.667 → 1
    expect(mulDivRound(0, 7, 3)).toBe(0)
    expect(mulDivRound(10, 10n, 4n)).toBe(25)
  })

  it('rounds half away from zero for negative quotients', () => {
    expect(mulDivRound(-1, 1, 2)).toBe(-1)
    expect(mulDivRound(-5, 1, 2)).toBe(-3)
    expect(mulDivRound(5, -1, 2)).toBe(-3)
    expect(mulDivRound(5, 1, -2)).toBe(-3)
    expect(mulDivRound(-5, 1, -2)).toBe(3)
    expect(mulDivRound(-1, 1, 3)).toBe(0)
  })

  it('is exact where floats are not', () => {
    // 2^53 - 1 times 3 overflows float precision; the quotient is still exact.
    expect(mulDivRound(Number.MAX_SAFE_INTEGER, 3, 3)).toBe(Number.MAX_SAFE_INTEGER)
    // 1.005 * 100 is 100.49999999999999 in floats; exactly it is 100.5 → 101.
    expect(Math.round(1.005 * 100)).toBe(100)
    expect(mulDivRound(1005, 100, 1000)).toBe(101)
  })

  it('refuses a zero divisor, non-integers and unsafe results', () => {
    expect(() => mulDivRound(1, 1, 0)).toThrow(RangeError)
    expect(() => mulDivRound(1, 1, 0n)).toThrow(RangeError)
    expect(() => mulDivRound(1.5, 1, 1)).toThrow(RangeError)
    expect(() => mulDivRound(1, 0.5, 1)).toThrow(RangeError)
    expect(() => mulDivRound(Number.MAX_SAFE_INTEGER, 2, 1)).toThrow(RangeError)
  })

  it('matches the definition: |result - a*num/den| ≤ 1/2, and ties go up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_AMOUNT_MINOR }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (a, num, den) => {
          const r = BigInt(mulDivRound(a, num, den))
          // 2·|r·den − a·num| ≤ den, with equality only when r is the upper neighbour.
          const twiceError = 2n * (r * BigInt(den) - BigInt(a) * BigInt(num))
          expect(twiceError <= BigInt(den) && twiceError > -BigInt(den)).toBe(true)
        },
      ),
    )
  })
})

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
