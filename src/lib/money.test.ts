import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CURRENCIES, MAX_AMOUNT_MINOR, formatMinor, isCurrency, mulDivRound, parseAmount } from './money.ts'

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
          // Past 2^53 − 1 the answer is refused, never rounded wrong: half up is ⌊(2·a·num + den) / (2·den)⌋.
          const rounded = (2n * BigInt(a) * BigInt(num) + BigInt(den)) / (2n * BigInt(den))
          if (rounded > BigInt(Number.MAX_SAFE_INTEGER)) {
            expect(() => mulDivRound(a, num, den)).toThrow(RangeError)
            return
          }
          const r = BigInt(mulDivRound(a, num, den))
          // 2·|r·den − a·num| ≤ den, with equality only when r is the upper neighbour.
          const twiceError = 2n * (r * BigInt(den) - BigInt(a) * BigInt(num))
          expect(twiceError <= BigInt(den) && twiceError > -BigInt(den)).toBe(true)
        },
      ),
    )
  })
})
