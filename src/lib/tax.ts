/**
 * Tax (VAT) on an order, in integer minor units.
 *
 * Rounding rule — tax is computed ONCE per order, on the order's amount (the sum of its lines),
 * never per line, and rounded to the cent with ROUND HALF UP (half a cent rounds up):
 *   - TAX_EXCLUSIVE (prices exclude tax, "HT"): the amount is the subtotal;
 *       tax = round_half_up(subtotal × rate), total = subtotal + tax.
 *       Example: 100.00 at 20% → subtotal 100.00, tax 20.00, total 120.00.
 *   - TAX_INCLUSIVE (prices include tax, "TTC"): the amount is the total charged;
 *       subtotal = round_half_up(total ÷ (1 + rate)), tax = total − subtotal.
 *       Example: 120.00 at 20% → subtotal 100.00, tax 20.00, total 120.00.
 * In both modes subtotal + tax = total exactly, to the cent, because one of the three is always
 * derived from the other two by subtraction or addition. All arithmetic is exact (BigInt), so the
 * result does not depend on floating-point behaviour.
 * Round trip: pricing an amount TAX_EXCLUSIVE, then extracting tax from that total TAX_INCLUSIVE at
 * the same rate, gives back exactly the same subtotal and tax. The other direction (inclusive, then
 * exclusive on the subtotal) can land one cent away from the original total.
 */
import { mulDivRound } from './money.ts'

export type PricingMode = 'TAX_EXCLUSIVE' | 'TAX_INCLUSIVE'

export const PRICING_MODES: readonly PricingMode[] = ['TAX_EXCLUSIVE', 'TAX_INCLUSIVE']

/** 100% in basis points; also the largest rate computeTax accepts. */
const BP_PER_UNIT = 10_000

/**
 * Standard VAT rates in basis points (1900 = 19%) for the 27 EU member states and the UK, keyed by
 * ISO 3166-1 alpha-2 code (Greece is GR here; the Commission writes EL).
 * Source: European Commission, "VAT rates in the EU" table (Taxation and Customs Union), standard
 * rates as in force on 2025-09-01 — this includes EE 24% (from 2025-07-01), RO 21% (from
 * 2025-08-01), SK 23% and FI 25.5%. GB: HMRC standard rate, 20%.
 * Reduced rates are out of scope; an operator overrides or adds rates per country in config.
 */
export const DEFAULT_TAX_RATES_BP: Readonly<Record<string, number>> = Object.freeze({
  AT: 2000,
  BE: 2100,
  BG: 2000,
  CY: 1900,
  CZ: 2100,
  DE: 1900,
  DK: 2500,
  EE: 2400,
  ES: 2100,
  FI: 2550,
  FR: 2000,
  GR: 2400,
  HR: 2500,
  HU: 2700,
  IE: 2300,
  IT: 2200,
  LT: 2100,
  LU: 1700,
  LV: 2100,
  MT: 1800,
  NL: 2100,
  PL: 2300,
  PT: 2300,
  RO: 2100,
  SE: 2500,
  SI: 2200,
  SK: 2300,
  GB: 2000,
})

/** The default rate for a billing country: its standard rate above, 0 for every other country. */
export function defaultTaxRateBp(countryCode: string): number {
  return Object.hasOwn(DEFAULT_TAX_RATES_BP, countryCode) ? DEFAULT_TAX_RATES_BP[countryCode] : 0
}

export interface TaxBreakdown {
  subtotal: number
  tax: number
  total: number
}

/**
 * Applies the rounding rule in the header comment to one order amount.
 * Throws RangeError on a negative or non-integer amount, or a rate outside 0..10000 bp.
 */
export function computeTax(amountMinor: number, rateBp: number, mode: PricingMode): TaxBreakdown {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
    throw new RangeError(`amountMinor must be a non-negative safe integer, got ${amountMinor}`)
  }
  if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > BP_PER_UNIT) {
    throw new RangeError(`rateBp must be an integer in 0..${BP_PER_UNIT}, got ${rateBp}`)
  }
  if (mode === 'TAX_EXCLUSIVE') {
    const tax = mulDivRound(amountMinor, rateBp, BP_PER_UNIT)
    return { subtotal: amountMinor, tax, total: amountMinor + tax }
  }
  if (mode === 'TAX_INCLUSIVE') {
    const subtotal = mulDivRound(amountMinor, BP_PER_UNIT, BP_PER_UNIT + rateBp)
    return { subtotal, tax: amountMinor - subtotal, total: amountMinor }
  }
  throw new RangeError(`unknown pricing mode ${String(mode)}`)
}
