import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { COUNTRY_CODES } from './countries.ts'
import { MAX_AMOUNT_MINOR } from './money.ts'
import { DEFAULT_TAX_RATES_BP, PRICING_MODES, computeTax, defaultTaxRateBp } from './tax.ts'

const EU_MEMBER_STATES = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
]
const ALL_RATES = Object.values(DEFAULT_TAX_RATES_BP)

describe('DEFAULT_TAX_RATES_BP', () => {
  it('covers exactly the 27 member states plus GB, with real country codes', () => {
    expect(EU_MEMBER_STATES).toHaveLength(27)
    expect(Object.keys(DEFAULT_TAX_RATES_BP).sort()).toEqual([...EU_MEMBER_STATES, 'GB'].sort())
    for (const code of Object.keys(DEFAULT_TAX_RATES_BP)) expect(COUNTRY_CODES.has(code)).toBe(true)
  })

  it('holds the standard rates in force on 2025-09-01', () => {
    expect(DEFAULT_TAX_RATES_BP).toMatchObject({
      DE: 1900,
      FR: 2000,
      FI: 2550,
      HU: 2700,
      LU: 1700,
      EE: 2400,
      RO: 2100,
      SK: 2300,
      GR: 2400,
      GB: 2000,
    })
    // Every standard rate in the EU sits between LU's 17% and HU's 27%.
    for (const rate of ALL_RATES) {
      expect(Number.isInteger(rate)).toBe(true)
      expect(rate).toBeGreaterThanOrEqual(1700)
      expect(rate).toBeLessThanOrEqual(2700)
    }
  })

  it('defaults to 0 outside the EU and the UK', () => {
    expect(defaultTaxRateBp('DE')).toBe(1900)
    expect(defaultTaxRateBp('US')).toBe(0)
    expect(defaultTaxRateBp('CH')).toBe(0)
    expect(defaultTaxRateBp('EL')).toBe(0) // the Commission's code for Greece is not ISO
    expect(defaultTaxRateBp('de')).toBe(0)
    expect(defaultTaxRateBp('toString')).toBe(0)
  })
})

describe('computeTax', () => {
  it('adds tax on top when prices exclude it', () => {
    expect(computeTax(10000, 2000, 'TAX_EXCLUSIVE')).toEqual({ subtotal: 10000, tax: 2000, total: 12000 })
    expect(computeTax(2999, 1900, 'TAX_EXCLUSIVE')).toEqual({ subtotal: 2999, tax: 570, total: 3569 }) // 569.81 cents → 570
  })

  it('extracts tax when prices include it', () => {
    expect(computeTax(12000, 2000, 'TAX_INCLUSIVE')).toEqual({ subtotal: 10000, tax: 2000, total: 12000 })
    expect(computeTax(1000, 1900, 'TAX_INCLUSIVE')).toEqual({ subtotal: 840, tax: 160, total: 1000 }) // 840.336…
    expect(computeTax(1000, 2550, 'TAX_INCLUSIVE')).toEqual({ subtotal: 797, tax: 203, total: 1000 }) // 796.81…
  })

  it('rounds half a cent up in both modes', () => {
    // 0.10 at 5% exclusive: tax 0.005 exactly → 0.01
    expect(computeTax(10, 500, 'TAX_EXCLUSIVE')).toEqual({ subtotal: 10, tax: 1, total: 11 })
    // 0.09 at 5%: tax 0.0045 → 0.00
    expect(computeTax(9, 500, 'TAX_EXCLUSIVE')).toEqual({ subtotal: 9, tax: 0, total: 9 })
    // 0.21 inclusive at 100%: subtotal 0.105 exactly → 0.11, so tax 0.10
    expect(computeTax(21, 10000, 'TAX_INCLUSIVE')).toEqual({ subtotal: 11, tax: 10, total: 21 })
  })

  it('is a no-op at rate 0 and for a zero amount', () => {
    expect(computeTax(12345, 0, 'TAX_EXCLUSIVE')).toEqual({ subtotal: 12345, tax: 0, total: 12345 })
    expect(computeTax(12345, 0, 'TAX_INCLUSIVE')).toEqual({ subtotal: 12345, tax: 0, total: 12345 })
    expect(computeTax(0, 2000, 'TAX_EXCLUSIVE')).toEqual({ subtotal: 0, tax: 0, total: 0 })
    expect(computeTax(0, 2000, 'TAX_INCLUSIVE')).toEqual({ subtotal: 0, tax: 0, total: 0 })
  })

  it('refuses nonsense input', () => {
    expect(() => computeTax(-1, 2000, 'TAX_EXCLUSIVE')).toThrow(RangeError)
    expect(() => computeTax(1.5, 2000, 'TAX_EXCLUSIVE')).toThrow(RangeError)
    expect(() => computeTax(100, -1, 'TAX_EXCLUSIVE')).toThrow(RangeError)
    expect(() => computeTax(100, 10001, 'TAX_EXCLUSIVE')).toThrow(RangeError)
    expect(() => computeTax(100, 19.5, 'TAX_EXCLUSIVE')).toThrow(RangeError)
    expect(() => computeTax(100, 2000, 'HT' as never)).toThrow(RangeError)
  })

  const amount = fc.integer({ min: 0, max: MAX_AMOUNT_MINOR })
  const rate = fc.oneof(fc.constantFrom(0, ...ALL_RATES), fc.integer({ min: 0, max: 10_000 }))

  it('always has subtotal + tax = total with non-negative parts, for every mode and rate', () => {
    fc.assert(
      fc.property(amount, rate, fc.constantFrom(...PRICING_MODES), (minor, rateBp, mode) => {
        const { subtotal, tax, total } = computeTax(minor, rateBp, mode)
        expect(subtotal + tax).toBe(total)
        expect(subtotal).toBeGreaterThanOrEqual(0)
        expect(tax).toBeGreaterThanOrEqual(0)
        expect(mode === 'TAX_EXCLUSIVE' ? subtotal : total).toBe(minor)
      }),
      { numRuns: 2000 },
    )
  })

  it('checks the invariant for every default rate, not only the sampled ones', () => {
    for (const rateBp of ALL_RATES) {
      fc.assert(
        fc.property(amount, fc.constantFrom(...PRICING_MODES), (minor, mode) => {
          const { subtotal, tax, total } = computeTax(minor, rateBp, mode)
          expect(subtotal + tax).toBe(total)
        }),
        { numRuns: 200 },
      )
    }
  })

  it('keeps the tax within half a cent of the exact value', () => {
    fc.assert(
      fc.property(amount, rate, fc.constantFrom(...PRICING_MODES), (minor, rateBp, mode) => {
        const { subtotal, tax, total } = computeTax(minor, rateBp, mode)
        // exact tax = subtotal_exact × r, with subtotal_exact = total / (1 + r) when inclusive:
        // compare 2·|tax·(10000+r) − total·r| ≤ (10000+r) (inclusive) or 2·|tax·10000 − subtotal·r| ≤ 10000.
        const [scale, exact] =
          mode === 'TAX_EXCLUSIVE' ? [10_000, subtotal * rateBp] : [10_000 + rateBp, total * rateBp]
        expect(2 * Math.abs(tax * scale - exact)).toBeLessThanOrEqual(scale)
      }),
    )
  })

  it('gives back exactly the same split when an exclusive total is priced inclusive', () => {
    // Stronger than "within a cent": with e = the exclusive rounding error (|e| ≤ ½), the inclusive
    // quotient is subtotal + e·10000/(10000+r), strictly within ½ of subtotal, so it rounds back.
    fc.assert(
      fc.property(amount, rate, (minor, rateBp) => {
        const exclusive = computeTax(minor, rateBp, 'TAX_EXCLUSIVE')
        expect(computeTax(exclusive.total, rateBp, 'TAX_INCLUSIVE')).toEqual(exclusive)
      }),
      { numRuns: 2000 },
    )
  })

  it('lands within one cent of the total when an inclusive subtotal is priced exclusive', () => {
    fc.assert(
      fc.property(amount, rate, (minor, rateBp) => {
        const inclusive = computeTax(minor, rateBp, 'TAX_INCLUSIVE')
        const back = computeTax(inclusive.subtotal, rateBp, 'TAX_EXCLUSIVE')
        expect(Math.abs(back.total - minor)).toBeLessThanOrEqual(1)
      }),
      { numRuns: 2000 },
    )
    // The cent of drift is real (e.g. 0.01 inclusive at 100%: subtotal 0.01, re-taxed 0.02).
    expect(computeTax(computeTax(1, 10000, 'TAX_INCLUSIVE').subtotal, 10000, 'TAX_EXCLUSIVE').total).toBe(2)
  })
})
