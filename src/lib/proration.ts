/**
 * Proration of a plan change inside a billing period, exact in integer minor units.
 *
 * The divisor is always the full period length (ms), the period splits at the change instant into
 * used + unused time that sum to the whole period, and each line is rounded once (half up, see
 * money.ts). A credit never exceeds what was actually paid for the period minus what was already
 * credited for it, however many changes are chained.
 */
import { mulDivRound } from './money.ts'

export interface ProrationPeriod {
  start: Date
  end: Date
}

export interface ProrationInput {
  period: ProrationPeriod
  changeAt: Date
  /** Full-period price of the plan being left (unit amount × quantity). */
  oldAmount: number
  /** Full-period price of the new plan. */
  newAmount: number
  /** Σ of what was charged for this period so far (renewal or initial, plus proration charges). */
  paidForPeriod: number
  /** Σ of the credits already given for this period by earlier changes. */
  creditedForPeriod: number
}

export type ProrationLineKind = 'unused_time' | 'remaining_time'

export interface ProrationLine {
  kind: ProrationLineKind
  /** Negative for a credit, positive for a charge. */
  amount: number
  from: Date
  to: Date
}

export interface ProrationResult {
  lines: ProrationLine[]
  /** Σ lines: positive means the customer owes it now, negative means a credit. */
  total: number
  usedMs: number
  unusedMs: number
  periodMs: number
}

export function prorate(input: ProrationInput): ProrationResult {
  const { period, changeAt } = input
  const periodMs = period.end.getTime() - period.start.getTime()
  if (periodMs <= 0) throw new RangeError('period must have a positive length')
  const at = Math.min(Math.max(changeAt.getTime(), period.start.getTime()), period.end.getTime())
  const usedMs = at - period.start.getTime()
  const unusedMs = periodMs - usedMs
  for (const [name, v] of Object.entries({
    oldAmount: input.oldAmount,
    newAmount: input.newAmount,
    paidForPeriod: input.paidForPeriod,
    creditedForPeriod: input.creditedForPeriod,
  })) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer`)
  }
  const creditable = Math.max(0, input.paidForPeriod - input.creditedForPeriod)
  const credit = Math.min(mulDivRound(input.oldAmount, unusedMs, periodMs), creditable)
  const charge = mulDivRound(input.newAmount, unusedMs, periodMs)
  const changeInstant = new Date(at)
  const lines: ProrationLine[] = []
  if (credit > 0) lines.push({ kind: 'unused_time', amount: -credit, from: changeInstant, to: period.end })
  if (charge > 0) lines.push({ kind: 'remaining_time', amount: charge, from: changeInstant, to: period.end })
  return { lines, total: charge - credit, usedMs, unusedMs, periodMs }
}
