import { randomBytes } from 'node:crypto'
import type { InflowDepositAttempt, InflowPayment } from '../../modules/provider/inflow/inflow.types.ts'

// The local Inflow's payments, in memory. Every change goes through `change`, which stamps a strictly
// increasing updatedAt and reports it (the webhook sender listens), as Inflow's own records would.

export interface FakePayment extends InflowPayment {
  /** Not part of Inflow's answer: what the hosted page needs. */
  successUrl: string
  cancelUrl: string
  products: { name: string; price: number; quantity: number }[]
  /** A refund of this payment fails (the 4000 0000 0000 5126 card). */
  refundFails: boolean
}

export type PaymentListener = (payment: InflowPayment, eventType: string) => void

export const publicPayment = (p: FakePayment): InflowPayment => ({
  id: p.id,
  amountInCents: p.amountInCents,
  currency: p.currency,
  status: p.status,
  customerEmail: p.customerEmail,
  metadatas: p.metadatas,
  depositStatus: p.depositStatus,
  lastDepositAttempt: p.lastDepositAttempt,
  depositAttempts: p.depositAttempts,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
})

export class PaymentStore {
  readonly payments = new Map<string, FakePayment>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private lastStamp = 0

  constructor(private readonly listener: PaymentListener) {}

  private stamp(): string {
    // Two changes in one millisecond still get distinct, ordered updatedAt values.
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1)
    return new Date(this.lastStamp).toISOString()
  }

  create(
    input: Omit<
      FakePayment,
      | 'id'
      | 'status'
      | 'createdAt'
      | 'updatedAt'
      | 'depositAttempts'
      | 'lastDepositAttempt'
      | 'depositStatus'
      | 'refundFails'
    >,
  ): FakePayment {
    const at = this.stamp()
    const payment: FakePayment = {
      ...input,
      id: `pay_${randomBytes(12).toString('hex')}`,
      status: 'INITIATION',
      depositStatus: null,
      lastDepositAttempt: null,
      depositAttempts: [],
      refundFails: false,
      createdAt: at,
      updatedAt: at,
    }
    this.payments.set(payment.id, payment)
    this.listener(publicPayment(payment), 'payment_created')
    return payment
  }

  get(id: string): FakePayment | undefined {
    return this.payments.get(id)
  }

  /** One status change (and what goes with it), reported as payment_status_updated. */
  change(
    payment: FakePayment,
    status: string,
    patch: Partial<Pick<FakePayment, 'depositStatus' | 'refundFails'>> & {
      attempt?: Omit<InflowDepositAttempt, 'attemptedAt'>
    } = {},
  ): void {
    const at = this.stamp()
    payment.status = status
    if (patch.depositStatus !== undefined) payment.depositStatus = patch.depositStatus
    if (patch.refundFails !== undefined) payment.refundFails = patch.refundFails
    if (patch.attempt) {
      const attempt = { ...patch.attempt, attemptedAt: at }
      payment.lastDepositAttempt = attempt
      payment.depositAttempts = [...(payment.depositAttempts ?? []), attempt]
    }
    payment.updatedAt = at
    this.listener(publicPayment(payment), 'payment_status_updated')
  }

  /** A later change (deposit settling, refund deciding), applied only if the payment is still in `from`. */
  later(ms: number, payment: FakePayment, from: string, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      if (payment.status === from) run()
    }, ms)
    this.timers.add(timer)
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
  }
}
