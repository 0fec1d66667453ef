// Inflow Pay's API as documented: the shapes the adapter sends and reads. Nothing else is assumed.

export const INFLOW_PRODUCTION_URL = 'https://api.inflowpay.xyz'

export const INFLOW_STATUSES = [
  'INITIATION',
  'CHECKOUT_PENDING',
  'CHECKOUT_SUCCESS',
  'CHECKOUT_CANCELED',
  'CANCELED',
  'PAYMENT_RECEIVED',
  'PAYMENT_SUCCESS',
  'PAYMENT_FAILED',
  'REFUND_PENDING',
  'PARTIAL_REFUNDED',
  'FULLY_REFUNDED',
  'REFUND_FAILED',
] as const

export type InflowStatus = (typeof INFLOW_STATUSES)[number]

export type InflowCurrency = 'EUR' | 'USD'

/** Minimum payment per currency, in cents. */
export const INFLOW_MINIMUM_AMOUNTS: Readonly<Record<InflowCurrency, number>> = { USD: 200, EUR: 150 }

/** Refunds are accepted from these statuses only (full refunds only). */
export const INFLOW_REFUNDABLE: readonly InflowStatus[] = ['CHECKOUT_SUCCESS', 'PAYMENT_RECEIVED', 'PAYMENT_SUCCESS']

export interface InflowProduct {
  name: string
  /** Integer cents. */
  price: number
  quantity: number
}

export interface InflowCreatePayment {
  products: InflowProduct[]
  currency: InflowCurrency
  customerEmail: string
  successUrl: string
  cancelUrl: string
  metadatas: Record<string, unknown>
}

export interface InflowCreated {
  paymentId: string
  purchaseUrl: string
}

export interface InflowDepositAttempt {
  status: string
  amount: number | null
  paymentMethod: string | null
  error: string | null
  attemptedAt: string | null
}

export interface InflowPayment {
  id: string
  amountInCents: number
  currency: string
  status: string
  customerEmail: string | null
  metadatas: Record<string, unknown> | null
  depositStatus: 'succeeded' | 'pending' | 'requires_confirmation' | null
  lastDepositAttempt: InflowDepositAttempt | null
  depositAttempts: InflowDepositAttempt[] | null
  createdAt: string
  updatedAt: string
}

export interface InflowErrorBody {
  statusCode: number
  message: string | string[]
  error: string
}

export interface InflowWebhookBody {
  data: { eventType: string; payload: InflowPayment }[]
}

/** The metadatas key that carries Kassa's attempt reference (read back to match a lost create answer). */
export const KASSA_REFERENCE_KEY = 'kassaReference'
