import type { FastifyInstance } from 'fastify'
import { apiKeyHeaders } from './platform.ts'

// Helpers for driving the hosted checkout's public JSON endpoints in tests.

export const CARDS = {
  success: '4242 4242 4242 4242',
  pendingDeposit: '4000 0000 0000 0077',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
  expiredCard: '4000 0000 0000 0069',
  incorrectCvc: '4000 0000 0000 0127',
  processingError: '4000 0000 0000 0119',
  threeDSecure: '4000 0000 0000 3220',
  refundFails: '4000 0000 0000 5126',
} as const

export const card = (number: string, overrides: Record<string, string> = {}) => ({
  number,
  expiry: '12 / 34',
  cvc: '123',
  name: 'Ada Lovelace',
  ...overrides,
})

export const tokenOf = (checkoutUrl: string) => new URL(checkoutUrl).pathname.split('/').pop() as string

export function postCheckout(
  app: FastifyInstance,
  path: 'pay' | '3ds' | 'cancel' | 'sync-status' | 'session',
  payload: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return app.inject({ method: 'POST', url: `/api/checkout/${path}/`, payload, headers })
}

export async function getPayment(app: FastifyInstance, key: string, transactionId: string) {
  const res = await app.inject({ url: `/api/transactions/${transactionId}/`, headers: apiKeyHeaders(key) })
  if (res.statusCode !== 200) throw new Error(`get payment failed: ${res.statusCode} ${res.body}`)
  return res.json()
}
