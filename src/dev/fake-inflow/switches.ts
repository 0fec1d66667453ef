// What a test (or a developer trying production locally) can make the local Inflow do. Every switch
// can be set by a CLI flag at start and changed at run time through POST /__control.

export interface FakeInflowSwitches {
  /** Every webhook delivery is sent twice (same svix-id), like an at-least-once sender. */
  duplicates: boolean
  /** Webhooks pending in one flush window are delivered newest first. */
  outOfOrder: boolean
  /** Webhooks pending in one flush window travel in one delivery (`data` holds several events). */
  batch: boolean
  /** Wait before sending webhooks; with outOfOrder or batch this is the flush window (default 200 ms then). */
  webhookDelayMs: number
  /** No webhook is sent while true (they queue and go out when set back to false). */
  webhooksPaused: boolean
  /** The next POST /api/payment answers 500 and creates nothing. */
  failNextCreate: boolean
  /** The next POST /api/payment creates the payment but never answers (the caller times out). */
  hangNextCreate: boolean
  /** Refunds end in REFUND_FAILED instead of FULLY_REFUNDED. */
  refundFails: boolean
  /** Cents added to amountInCents of every payment created from now on (0: off). */
  amountTamper: number
  /** CHECKOUT_SUCCESS → PAYMENT_SUCCESS for an ordinary card. */
  settleDelayMs: number
  /** CHECKOUT_SUCCESS → PAYMENT_SUCCESS for 4000 0000 0000 0077 (deposit pending). */
  pendingDepositMs: number
  /** REFUND_PENDING → FULLY_REFUNDED / REFUND_FAILED. */
  refundDelayMs: number
  /** Waits before a failed webhook delivery is sent again (then the last value repeats), at most 8 tries. */
  retryDelaysMs: number[]
}

export const DEFAULT_SWITCHES: FakeInflowSwitches = {
  duplicates: false,
  outOfOrder: false,
  batch: false,
  webhookDelayMs: 0,
  webhooksPaused: false,
  failNextCreate: false,
  hangNextCreate: false,
  refundFails: false,
  amountTamper: 0,
  settleDelayMs: 50,
  pendingDepositMs: 5000,
  refundDelayMs: 50,
  retryDelaysMs: [1000, 5000, 30_000, 120_000],
}

/** Applies a partial update, refusing unknown names and wrong types (the control API's 400). */
export function applySwitches(current: FakeInflowSwitches, update: Record<string, unknown>): string[] {
  const errors: string[] = []
  for (const [name, value] of Object.entries(update)) {
    if (!(name in DEFAULT_SWITCHES)) {
      if (name !== 'webhookUrl' && name !== 'webhookSecret') errors.push(`${name} is not a switch`)
      continue
    }
    const expected = DEFAULT_SWITCHES[name as keyof FakeInflowSwitches]
    if (Array.isArray(expected)) {
      if (!Array.isArray(value) || value.some((v) => !Number.isSafeInteger(v) || v < 0))
        errors.push(`${name} must be a list of non-negative integers`)
      else (current as unknown as Record<string, unknown>)[name] = value
    } else if (typeof expected === 'number') {
      if (!Number.isSafeInteger(value)) errors.push(`${name} must be an integer`)
      else (current as unknown as Record<string, unknown>)[name] = value
    } else if (typeof value !== 'boolean') errors.push(`${name} must be true or false`)
    else (current as unknown as Record<string, unknown>)[name] = value
  }
  return errors
}
