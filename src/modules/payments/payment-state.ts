import type { PaymentStatus } from '../../db/schema.ts'

/**
 * The payment state machine. `processing` is where every payment starts; `failed` and `canceled` are
 * final; refunds move a paid payment through `refund_pending` and back (a failed refund returns it to
 * the status it had before).
 */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  processing: ['paid', 'failed', 'canceled'],
  paid: ['refund_pending'],
  refund_pending: ['paid', 'partially_refunded', 'refunded', 'refund_pending'],
  partially_refunded: ['refund_pending'],
  refunded: [],
  failed: [],
  canceled: [],
}

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to)
}
