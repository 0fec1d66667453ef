import { describe, expect, test } from 'vitest'
import type { PaymentStatus } from '../../db/schema.ts'
import { PAYMENT_STATUSES } from './transactions.schemas.ts'
import { canTransition, PAYMENT_TRANSITIONS } from './payment-state.ts'

// Every (from, to) pair of the payment state machine, written out: a change to the machine must change this table.
const ALLOWED: Array<[PaymentStatus, PaymentStatus]> = [
  ['processing', 'paid'],
  ['processing', 'failed'],
  ['processing', 'canceled'],
  ['paid', 'refund_pending'],
  ['refund_pending', 'paid'],
  ['refund_pending', 'partially_refunded'],
  ['refund_pending', 'refunded'],
  ['refund_pending', 'refund_pending'],
  ['partially_refunded', 'refund_pending'],
]

const allPairs = PAYMENT_STATUSES.flatMap((from) =>
  PAYMENT_STATUSES.map((to) => [from, to] as [PaymentStatus, PaymentStatus]),
)
const isAllowed = (from: string, to: string) => ALLOWED.some(([f, t]) => f === from && t === to)

describe('payment state machine', () => {
  test('covers every status', () => {
    expect(Object.keys(PAYMENT_TRANSITIONS).sort()).toEqual([...PAYMENT_STATUSES].sort())
  })

  test.each(allPairs.filter(([f, t]) => isAllowed(f, t)))('%s → %s is allowed', (from, to) => {
    expect(canTransition(from, to)).toBe(true)
  })

  test.each(allPairs.filter(([f, t]) => !isAllowed(f, t)))('%s → %s is refused', (from, to) => {
    expect(canTransition(from, to)).toBe(false)
  })

  test('failed, canceled and refunded are final', () => {
    for (const final of ['failed', 'canceled', 'refunded'] as const) expect(PAYMENT_TRANSITIONS[final]).toEqual([])
  })
})
