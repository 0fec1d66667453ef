/**
 * Processing fee on a payment, in integer minor units.
 *
 * fee = round_half_up(gross × percent) + fixed, capped at the gross amount, so the merchant's net
 * (gross − fee) is never negative: a 0.30 fixed fee on a 0.20 payment takes 0.20, not 0.30.
 */
import { percentOfBp } from './money.ts'

/**
 * Fee for one payment of `grossMinor` under a schedule of `percentBp` basis points (290 = 2.9%)
 * plus `fixedMinor`. Always within 0..grossMinor. Throws RangeError on negative or non-integer input.
 */
export function computeFee(grossMinor: number, percentBp: number, fixedMinor: number): number {
  for (const [name, value] of [
    ['grossMinor', grossMinor],
    ['percentBp', percentBp],
    ['fixedMinor', fixedMinor],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`)
    }
  }
  return Math.min(grossMinor, percentOfBp(grossMinor, percentBp) + fixedMinor)
}
