import type { ProviderDepositAttempt, ProviderPayment, ProviderPaymentStatus, ProviderRefundState } from '../seam.ts'
import { type InflowDepositAttempt, type InflowPayment, KASSA_REFERENCE_KEY } from './inflow.types.ts'

// Inflow's statuses in Kassa's words. Anything not explicitly a success or a failure is "still
// processing": an unknown or new status word never moves money.

const PAYMENT_STATUS: Readonly<Record<string, ProviderPaymentStatus>> = {
  CHECKOUT_SUCCESS: 'succeeded',
  PAYMENT_RECEIVED: 'succeeded',
  PAYMENT_SUCCESS: 'succeeded',
  // A refund's statuses belong to a payment that was paid.
  REFUND_PENDING: 'succeeded',
  PARTIAL_REFUNDED: 'succeeded',
  FULLY_REFUNDED: 'succeeded',
  REFUND_FAILED: 'succeeded',
  PAYMENT_FAILED: 'failed',
  CHECKOUT_CANCELED: 'canceled',
  CANCELED: 'canceled',
}

const REFUND_STATE: Readonly<Record<string, ProviderRefundState>> = {
  REFUND_PENDING: 'processing',
  PARTIAL_REFUNDED: 'processing',
  FULLY_REFUNDED: 'completed',
  REFUND_FAILED: 'failed',
}

const SETTLED = new Set(['PAYMENT_SUCCESS', 'REFUND_PENDING', 'PARTIAL_REFUNDED', 'FULLY_REFUNDED', 'REFUND_FAILED'])

export const mapInflowStatus = (status: string): ProviderPaymentStatus => PAYMENT_STATUS[status] ?? 'processing'

function attemptOf(attempt: InflowDepositAttempt): ProviderDepositAttempt {
  const status = attempt.status?.toLowerCase() ?? ''
  return {
    status:
      status === 'succeeded'
        ? 'succeeded'
        : ['failed', 'canceled', 'requires_payment_method'].includes(status)
          ? 'failed'
          : 'processing',
    amountMinor: Number.isSafeInteger(attempt.amount) ? attempt.amount : null,
    paymentMethod: typeof attempt.paymentMethod === 'string' ? attempt.paymentMethod.slice(0, 50) : null,
    error: typeof attempt.error === 'string' ? attempt.error.slice(0, 500) : null,
    attemptedAt:
      attempt.attemptedAt && !Number.isNaN(Date.parse(attempt.attemptedAt)) ? new Date(attempt.attemptedAt) : null,
  }
}

/** The GET payment object (or a webhook payload, which is the same object) mapped onto the seam. */
export function toProviderPayment(payment: InflowPayment): ProviderPayment {
  if (!payment || typeof payment.id !== 'string' || typeof payment.status !== 'string')
    throw new Error('Inflow payment object without id or status')
  const status = mapInflowStatus(payment.status)
  const attempts = Array.isArray(payment.depositAttempts) ? payment.depositAttempts.map(attemptOf) : []
  if (attempts.length === 0 && payment.lastDepositAttempt) attempts.push(attemptOf(payment.lastDepositAttempt))
  const reference = payment.metadatas?.[KASSA_REFERENCE_KEY]
  const lastError = payment.lastDepositAttempt?.error
  return {
    providerPaymentId: payment.id,
    status,
    rawStatus: payment.status,
    depositStatus:
      status !== 'succeeded'
        ? 'none'
        : SETTLED.has(payment.status) || payment.depositStatus === 'succeeded'
          ? 'succeeded'
          : 'pending',
    amountMinor: Number.isSafeInteger(payment.amountInCents) ? payment.amountInCents : null,
    currency: typeof payment.currency === 'string' ? payment.currency.toUpperCase() : null,
    reference: typeof reference === 'string' ? reference : null,
    failureMessage:
      status === 'failed'
        ? typeof lastError === 'string' && lastError
          ? lastError.slice(0, 500)
          : 'The payment failed.'
        : null,
    attempts,
    refund: REFUND_STATE[payment.status] ?? 'none',
    card: null,
    updatedAt: typeof payment.updatedAt === 'string' ? payment.updatedAt : null,
  }
}
