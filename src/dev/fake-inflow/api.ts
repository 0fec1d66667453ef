import type { IncomingMessage, ServerResponse } from 'node:http'
import { INFLOW_MINIMUM_AMOUNTS, INFLOW_REFUNDABLE } from '../../modules/provider/inflow/inflow.types.ts'
import { readJsonObject, sendError, sendJson } from './http.ts'
import { type PaymentStore, publicPayment } from './store.ts'
import type { FakeInflowSwitches } from './switches.ts'

// POST /api/payment, GET /api/payment/{id}, POST /api/payment/{id}/refund, as Inflow documents them.

export interface ApiDeps {
  store: PaymentStore
  switches: FakeInflowSwitches
  apiKeys: string[]
  /** This server's own base URL: purchaseUrl is `${baseUrl}/pay/{paymentId}`. */
  baseUrl: () => string
  /** Requests held open by hangNextCreate, answered never (destroyed on close). */
  hung: Set<ServerResponse>
}

const isUrl = (value: unknown) => {
  if (typeof value !== 'string') return false
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

/** class-validator style messages, as a NestJS API answers them. */
function validateCreate(body: Record<string, unknown>): string[] {
  const errors: string[] = []
  const products = body.products
  if (!Array.isArray(products) || products.length === 0) errors.push('products must contain at least 1 elements')
  else
    products.forEach((p, i) => {
      if (!p || typeof p !== 'object') return errors.push(`products.${i} must be an object`)
      const { name, price, quantity } = p as Record<string, unknown>
      if (typeof name !== 'string' || name.trim() === '') errors.push(`products.${i}.name must be a non-empty string`)
      if (!Number.isSafeInteger(price) || (price as number) < 0)
        errors.push(`products.${i}.price must be a non-negative integer (cents)`)
      if (!Number.isSafeInteger(quantity) || (quantity as number) < 1)
        errors.push(`products.${i}.quantity must be a positive integer`)
    })
  if (body.currency !== 'EUR' && body.currency !== 'USD')
    errors.push('currency must be one of the following values: EUR, USD')
  if (typeof body.customerEmail !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(body.customerEmail))
    errors.push('customerEmail must be an email')
  if (!isUrl(body.successUrl)) errors.push('successUrl must be a URL address')
  if (!isUrl(body.cancelUrl)) errors.push('cancelUrl must be a URL address')
  if (
    body.metadatas !== undefined &&
    (typeof body.metadatas !== 'object' || body.metadatas === null || Array.isArray(body.metadatas))
  )
    errors.push('metadatas must be an object')
  return errors
}

async function createPayment(deps: ApiDeps, req: IncomingMessage, res: ServerResponse) {
  const body = await readJsonObject(req)
  if (!body) return sendError(res, 400, 'Body must be a JSON object')
  const errors = validateCreate(body)
  if (errors.length) return sendError(res, 400, errors)
  const products = body.products as { name: string; price: number; quantity: number }[]
  const currency = body.currency as 'EUR' | 'USD'
  const total = products.reduce((sum, p) => sum + p.price * p.quantity, 0)
  const minimum = INFLOW_MINIMUM_AMOUNTS[currency]
  if (total < minimum) return sendError(res, 400, `Minimum amount is ${(minimum / 100).toFixed(2)} ${currency}`)
  if (deps.switches.failNextCreate) {
    deps.switches.failNextCreate = false
    return sendError(res, 500, 'Internal server error')
  }
  const payment = deps.store.create({
    amountInCents: total + deps.switches.amountTamper,
    currency,
    customerEmail: body.customerEmail as string,
    metadatas: (body.metadatas as Record<string, unknown>) ?? {},
    successUrl: body.successUrl as string,
    cancelUrl: body.cancelUrl as string,
    products: products.map((p) => ({ name: p.name, price: p.price, quantity: p.quantity })),
  })
  if (deps.switches.hangNextCreate) {
    // Created, but the answer never comes: the caller cannot know the payment exists.
    deps.switches.hangNextCreate = false
    deps.hung.add(res)
    return
  }
  sendJson(res, 201, { paymentId: payment.id, purchaseUrl: `${deps.baseUrl()}/pay/${payment.id}` })
}

async function refundPayment(deps: ApiDeps, id: string, req: IncomingMessage, res: ServerResponse) {
  const payment = deps.store.get(id)
  if (!payment) return sendError(res, 404, 'Payment not found')
  const body = await readJsonObject(req)
  if (!body || typeof body.reason !== 'string' || body.reason.trim() === '')
    return sendError(res, 400, ['reason must be a string', 'reason should not be empty'])
  if (!INFLOW_REFUNDABLE.includes(payment.status as (typeof INFLOW_REFUNDABLE)[number]))
    return sendError(res, 400, `Payment with status ${payment.status} cannot be refunded`)
  deps.store.change(payment, 'REFUND_PENDING')
  const fails = deps.switches.refundFails || payment.refundFails
  deps.store.later(deps.switches.refundDelayMs, payment, 'REFUND_PENDING', () =>
    deps.store.change(payment, fails ? 'REFUND_FAILED' : 'FULLY_REFUNDED'),
  )
  sendJson(res, 200, publicPayment(payment))
}

/** Routes /api/…; answers 404 for anything else under /api. */
export async function handleApi(deps: ApiDeps, req: IncomingMessage, res: ServerResponse, path: string) {
  const key = req.headers['x-inflow-api-key']
  if (typeof key !== 'string' || !deps.apiKeys.includes(key)) return sendError(res, 401, 'Unauthorized')
  if (req.method === 'POST' && path === '/api/payment') return createPayment(deps, req, res)
  const match = /^\/api\/payment\/([A-Za-z0-9_-]+)(\/refund)?$/.exec(path)
  if (match && req.method === 'GET' && !match[2]) {
    const payment = deps.store.get(match[1])
    return payment ? sendJson(res, 200, publicPayment(payment)) : sendError(res, 404, 'Payment not found')
  }
  if (match && req.method === 'POST' && match[2]) return refundPayment(deps, match[1], req, res)
  return sendError(res, 404, `Cannot ${req.method} ${path}`)
}
