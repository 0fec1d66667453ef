import { afterEach, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { Kassa, KassaConnectionError, KassaError, KassaTimeoutError, VERSION } from '@kassa/node'
import { backoffDelay } from '../src/transport.ts'
import { kassaError, startDouble, type Answer, type SeenRequest } from './http-double.ts'

// Retries, timeouts and error mapping against real local HTTP servers that count what they receive.

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function double(answer: (request: SeenRequest, index: number) => Answer) {
  const server = await startDouble(answer)
  closers.push(server.close)
  const kassa = new Kassa({ apiKey: 'sk_test_double', baseUrl: server.baseUrl, retryDelayMs: 10, maxRetries: 2 })
  return { server, kassa }
}

const checkoutParams = {
  billing_country: 'US',
  billing_postal_code: '94103',
  billing_first_name: 'Ada',
  billing_last_name: 'Lovelace',
  billing_email: 'ada@example.com',
  products: [{ id: 'prod_x', quantity: 1 }],
}
const created = { checkout_id: 'co_1', checkout_url: 'http://x/checkout/t', transaction_id: 'TX1' }
const unavailable: Answer = { status: 503, body: kassaError('unavailable', 'Try again.') }

test('a POST without an Idempotency-Key is never repeated: not after a 503, not after a reset', async () => {
  const { server, kassa } = await double(() => unavailable)
  const error = await kassa.checkout.create(checkoutParams, { idempotencyKey: null }).catch((e) => e)
  expect(error).toBeInstanceOf(KassaError)
  expect(error).toMatchObject({ status: 503, code: 'unavailable' })
  expect(server.requests).toHaveLength(1)
  expect(server.requests[0].headers['idempotency-key']).toBeUndefined()

  const reset = await double(() => 'reset')
  const failed = await reset.kassa.refunds.create('TX1', { reason: 'x' }, { idempotencyKey: null }).catch((e) => e)
  expect(failed).toBeInstanceOf(KassaConnectionError)
  expect(failed).toMatchObject({ status: 0, code: 'connection_error' })
  expect(reset.server.requests).toHaveLength(1)
})

test('a POST with its key is retried after a 5xx and after a reset, with the same key each time', async () => {
  const { server, kassa } = await double((_r, i) =>
    i === 0 ? unavailable : i === 1 ? 'reset' : { status: 201, body: created },
  )
  const checkout = await kassa.checkout.create(checkoutParams)
  expect(checkout.checkout_id).toBe('co_1')
  expect(server.requests).toHaveLength(3)
  const keys = server.requests.map((r) => r.headers['idempotency-key'])
  expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
  expect(new Set(keys).size).toBe(1)
  expect(checkout.lastResponse.idempotencyKey).toBe(keys[0])
  // The body is sent again intact.
  expect(server.requests.map((r) => JSON.parse(r.body).billing_email)).toEqual(Array(3).fill('ada@example.com'))

  const own = await double((_r, i) => (i === 0 ? 'reset' : { status: 201, body: created }))
  await own.kassa.checkout.create(checkoutParams, { idempotencyKey: 'order-42' })
  expect(own.server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['order-42', 'order-42'])
})

test('a keyed POST still running on the server (409 idempotency_key_in_use) is retried; other 409s are not', async () => {
  const busy = await double((_r, i) =>
    i === 0
      ? { status: 409, body: kassaError('idempotency_key_in_use', 'In flight.') }
      : { status: 201, body: created },
  )
  await busy.kassa.checkout.create(checkoutParams)
  expect(busy.server.requests).toHaveLength(2)
  const reused = await double(() => ({ status: 409, body: kassaError('idempotency_key_reused', 'Other body.') }))
  await expect(reused.kassa.checkout.create(checkoutParams)).rejects.toMatchObject({ status: 409 })
  expect(reused.server.requests).toHaveLength(1)
})

test('GETs are retried up to maxRetries on 5xx, then the last error is thrown; 4xx never', async () => {
  const { server, kassa } = await double(() => ({
    status: 500,
    body: { ...kassaError('internal_error', 'Internal server error.'), request_id: 'req_1' },
  }))
  const error = await kassa.payments.get('TX1').catch((e) => e)
  expect(error).toMatchObject({ status: 500, code: 'internal_error', requestId: 'req_1' })
  expect(server.requests).toHaveLength(3)
  const missing = await double(() => ({ status: 404, body: kassaError('not_found', 'Transaction not found.') }))
  await expect(missing.kassa.payments.get('TX1')).rejects.toMatchObject({ status: 404 })
  expect(missing.server.requests).toHaveLength(1)
  const once = await double(() => unavailable)
  await expect(once.kassa.refunds.get('RF1', { maxRetries: 0 })).rejects.toMatchObject({ status: 503 })
  expect(once.server.requests).toHaveLength(1)
})

test('429 maps to a KassaError with Retry-After, and is not retried', async () => {
  const { server, kassa } = await double(() => ({
    status: 429,
    headers: { 'retry-after': '7' },
    body: kassaError('too_many_attempts', 'Too many attempts; retry in 7 s.'),
  }))
  const error = await kassa.refunds.list().catch((e) => e)
  expect(error).toBeInstanceOf(KassaError)
  expect(error).toMatchObject({
    status: 429,
    code: 'too_many_attempts',
    retryAfter: 7,
    detail: 'Too many attempts; retry in 7 s.',
  })
  expect(server.requests).toHaveLength(1)
})

test('a body that is not Kassa JSON still maps to a KassaError with the status', async () => {
  const { kassa } = await double(() => ({ status: 502, body: 'Bad gateway' }))
  await expect(kassa.payments.get('TX1', { maxRetries: 0 })).rejects.toMatchObject({
    status: 502,
    code: 'server_error',
  })
})

test('timeout: a server that never answers fails with KassaTimeoutError after timeoutMs per attempt', async () => {
  const { server } = await double(() => 'hang')
  const kassa = new Kassa({ apiKey: 'k', baseUrl: server.baseUrl, timeoutMs: 200, maxRetries: 1, retryDelayMs: 10 })
  const started = performance.now()
  const error = await kassa.payments.get('TX1').catch((e) => e)
  const elapsed = performance.now() - started
  expect(error).toBeInstanceOf(KassaTimeoutError)
  expect(error).toMatchObject({ status: 0, code: 'timeout' })
  expect(server.requests).toHaveLength(2)
  expect(elapsed).toBeGreaterThanOrEqual(400)
  expect(elapsed).toBeLessThan(5000)
  // A POST without a key times out once and is not sent again.
  const post = await kassa.checkout.create(checkoutParams, { idempotencyKey: null, timeoutMs: 100 }).catch((e) => e)
  expect(post).toBeInstanceOf(KassaTimeoutError)
  expect(server.requests).toHaveLength(3)
})

test("the caller's AbortSignal cancels without retrying", async () => {
  const { server, kassa } = await double(() => 'hang')
  const controller = new AbortController()
  setTimeout(() => controller.abort(new Error('user gave up')), 100)
  await expect(kassa.payments.get('TX1', { signal: controller.signal })).rejects.toThrow('user gave up')
  expect(server.requests).toHaveLength(1)
})

test('the Api-Key header is sent, and paths keep a base URL prefix', async () => {
  const { server } = await double(() => ({ status: 200, body: [], headers: { 'x-total-count': '0' } }))
  const kassa = new Kassa({ apiKey: 'sk_live_abc', baseUrl: `${server.baseUrl}/sandbox/` })
  const page = await kassa.refunds.list({ status: 'completed' })
  expect(page).toMatchObject({ data: [], total: 0, hasMore: false })
  expect(server.requests[0].url).toBe('/sandbox/api/refunds/?status=completed')
  expect(server.requests[0].headers.authorization).toBe('Api-Key sk_live_abc')
  expect(server.requests[0].headers['user-agent']).toBe(`kassa-node/${VERSION}`)
  expect(VERSION).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version)
})

test('backoff doubles per retry with jitter, capped', () => {
  expect(backoffDelay(0, 500, () => 0)).toBe(250)
  expect(backoffDelay(0, 500, () => 1)).toBe(500)
  expect(backoffDelay(3, 500, () => 0)).toBe(2000)
  expect(backoffDelay(20, 500, () => 1)).toBe(8000)
})

test('constructor refuses a missing key or a base URL without a scheme', () => {
  expect(() => new Kassa({ apiKey: '', baseUrl: 'http://x' })).toThrow(/API key/)
  expect(() => new Kassa({ apiKey: 'k', baseUrl: 'pay.example.com' })).toThrow(/http/)
})
