/**
 * Money: parsing, formatting and rounding of integer minor units (cents).
 *
 * Every amount inside Kassa is a safe-integer JS number of minor units, paired with a currency.
 * Decimal strings exist only at the API edge. No float ever touches a money value: parsing is
 * string manipulation, and every product or quotient goes through BigInt, so results are exact.
 *
 * Rounding rule (the only one used for money): ROUND HALF UP on the exact rational result, i.e.
 * half a cent rounds up to the next cent (0.005 → 0.01). For negative values it rounds half away
 * from zero (-0.005 → -0.01), so rounding is symmetric around zero.
 */

export const CURRENCIES = ['USD', 'EUR'] as const
export type Currency = (typeof CURRENCIES)[number]

export function isCurrency(x: unknown): x is Currency {
  return typeof x === 'string' && (CURRENCIES as readonly string[]).includes(x)
}

/** Largest accepted amount: 99,999,999.99 — far below 2^53, so sums of a few stay exact. */
export const MAX_AMOUNT_MINOR = 9_999_999_999

/** A refusal carries a human message that reads after the field name: "amount must be ...". */
export type ParseFailure = { ok: false; reason: string }

const AMOUNT_RE = /^\d+(\.\d{1,2})?$/
const RATE_RE = /^\d+(\.\d{1,8})?$/
const PERCENT_RE = /^\d+(\.\d{1,2})?$/

/**
 * Scales a validated unsigned decimal string to an integer: "12.3" at 2 places → 1230n.
 * Pure string work, so "19.99" is 1999 exactly (19.99 * 100 in floats is 1998.9999999999998).
 */
function decimalToScaled(text: string, places: number): bigint {
  const [whole, fraction = ''] = text.split('.')
  return BigInt(whole + fraction.padEnd(places, '0'))
}

/**
 * Parses a money amount from the wire into minor units.
 * Accepts a decimal string ("99", "99.5", "99.00") or a JSON number. A number is judged by its
 * shortest round-trip decimal (String(n)): 29.99 is accepted, 0.1 + 0.2 (0.30000000000000004) and
 * 1e21 are not. Zero, negatives, signs, exponents and whitespace are refused.
 */
export function parseAmount(value: unknown): { ok: true; minor: number } | ParseFailure {
  let text: string
  if (typeof value === 'string') text = value
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value)
  else return { ok: false, reason: 'must be a decimal amount with at most 2 decimals' }

  if (!AMOUNT_RE.test(text)) return { ok: false, reason: 'must be a decimal amount with at most 2 decimals' }
  const minor = decimalToScaled(text, 2)
  if (minor === 0n) return { ok: false, reason: 'must be greater than zero' }
  if (minor > BigInt(MAX_AMOUNT_MINOR)) return { ok: false, reason: 'is too large' }
  return { ok: true, minor: Number(minor) }
}

function assertSafeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`)
}

/** Minor units to the wire form with exactly 2 decimals: 9900 → "99.00", 5 → "0.05", -1230 → "-12.30". */
export function formatMinor(minor: number): string {
  assertSafeInteger('minor', minor)
  const sign = minor < 0 ? '-' : ''
  const digits = String(Math.abs(minor)).padStart(3, '0')
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`
}

/**
 * round(a * num / den) computed exactly with BigInt, ROUND HALF UP for a non-negative quotient.
 * A negative quotient rounds half away from zero (mulDivRound(-1, 1, 2) === -1), mirroring the
 * positive case. Throws RangeError on a zero denominator, a non-integer input or a result that is
 * not a safe integer (money must never silently lose precision).
 */
export function mulDivRound(a: number, num: bigint | number, den: bigint | number): number {
  assertSafeInteger('a', a)
  if (typeof num === 'number') assertSafeInteger('num', num)
  if (typeof den === 'number') assertSafeInteger('den', den)
  const n = BigInt(num)
  const d = BigInt(den)
  if (d === 0n) throw new RangeError('den must not be zero')

  const product = BigInt(a) * n
  const negative = product < 0n !== d < 0n && product !== 0n
  const absProduct = product < 0n ? -product : product
  const absDen = d < 0n ? -d : d
  let quotient = absProduct / absDen
  // Remainder at least half the divisor means the fractional part is ≥ 0.5: round away from zero.
  if ((absProduct % absDen) * 2n >= absDen) quotient += 1n
  const result = negative ? -quotient : quotient
  if (result > BigInt(Number.MAX_SAFE_INTEGER) || result < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('result is not a safe integer')
  }
  return Number(result)
}

/**
 * Validates an FX rate: a positive decimal string with at most 8 decimals ("1.08", "0.92345678").
 * On success `rate` is the canonical spelling (no leading zeros, no trailing fraction zeros:
 * "01.0800" → "1.08"), so equal rates are stored as equal strings.
 */
export function parseRate(rate: string): { ok: true; rate: string } | ParseFailure {
  if (typeof rate !== 'string' || !RATE_RE.test(rate)) {
    return { ok: false, reason: 'must be a decimal rate with at most 8 decimals' }
  }
  const [whole, fraction = ''] = rate.split('.')
  const canonicalWhole = whole.replace(/^0+(?=\d)/, '')
  const canonicalFraction = fraction.replace(/0+$/, '')
  if (/^0*$/.test(whole) && /^0*$/.test(fraction)) return { ok: false, reason: 'must be greater than zero' }
  return { ok: true, rate: canonicalFraction ? `${canonicalWhole}.${canonicalFraction}` : canonicalWhole }
}

/**
 * Converts minor units at a decimal-string rate (target units per source unit), exactly:
 * convert(10000, "1.08") === 10800. Rounds half up (half away from zero for negatives).
 * Both currencies are assumed to have 2 decimals, as USD and EUR do. Throws RangeError on a bad rate.
 */
export function convert(minor: number, rate: string): number {
  const parsed = parseRate(rate)
  if (!parsed.ok) throw new RangeError(`rate ${rate} ${parsed.reason}`)
  const fractionDigits = parsed.rate.split('.')[1]?.length ?? 0
  return mulDivRound(minor, decimalToScaled(parsed.rate, fractionDigits), 10n ** BigInt(fractionDigits))
}

/** minor * basisPoints / 10000, rounded half up: percentOfBp(1000, 290) === 29 (2.9% of 10.00). */
export function percentOfBp(minor: number, basisPoints: number): number {
  return mulDivRound(minor, basisPoints, 10_000)
}

/**
 * Parses a percentage string into basis points: "2.9" → 290, "20" → 2000, "0" → 0.
 * At most 2 decimals (1 bp is the finest step), between 0 and 100 inclusive.
 */
export function parsePercentToBp(s: string): { ok: true; bp: number } | ParseFailure {
  if (typeof s !== 'string' || !PERCENT_RE.test(s)) {
    return { ok: false, reason: 'must be a percentage with at most 2 decimals' }
  }
  const bp = decimalToScaled(s, 2)
  if (bp > 10_000n) return { ok: false, reason: 'must be between 0 and 100' }
  return { ok: true, bp: Number(bp) }
}

/** A stored rate ("1.08000000" from numeric(18,8)) in its canonical form ("1.08"). */
export function canonicalRate(stored: string): string {
  const parsed = parseRate(stored)
  if (!parsed.ok) throw new RangeError(`invalid stored rate "${stored}"`)
  return parsed.rate
}
