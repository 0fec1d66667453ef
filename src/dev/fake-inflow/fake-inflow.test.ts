import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'svix'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { svixKey, verifySvix } from '../../modules/provider/inflow/svix.ts'
import { DEFAULT_FAKE_API_KEY, type FakeInflow, startFakeInflow } from './server.ts'

// The local Inflow against Inflow's documented contract, its webhooks checked with the official svix package.

const SECRET = `whsec_${Buffer.from('fake-inflow-test-secret-0123456789').toString('base64')}`

type Received = { body: string; headers: Record<string, string> }

let fake: FakeInflow
let receiver: Server
let received: Received[] = []
let answer = 200

const api = (path: string, init: RequestInit & { key?: string | null } = {}) =>
  fetch(fake.url + path, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(init.key === null ? {} : { 'X-Inflow-Api-Key': init.key ?? DEFAULT_FAKE_API_KEY }),
    },
  })

const createBody = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    products: [{ name: 'Order', price: 1200, quantity: 1 }],
    currency: 'EUR',
    customerEmail: 'ada@example.com',
    successUrl: 'http://shop.test/ok',
    cancelUrl: 'http://shop.test/cancel',
    metadatas: { kassaReference: 'att_1' },
    ...overrides,
  })

async function create(overrides: Record<string, unknown> = {}) {
  const res = await api('/api/payment', { method: 'POST', body: createBody(overrides) })
  expect(res.status).toBe(201)
  return (await res.json()) as { paymentId: string; purchaseUrl: string }
}

const payWith = (purchaseUrl: string, number: string) =>
  fetch(purchaseUrl, {
    method: 'POST',
    body: new URLSearchParams({ number, expiry: '12 / 40', cvc: '123' }),
    redirect: 'manual',
  })

const statusesOf = (paymentId: string) =>
  received.flatMap((r) =>
    (JSON.parse(r.body).data as { payload: { id: string; status: string } }[])
      .filter((e) => e.payload.id === paymentId)
      .map((e) => e.payload.status),
  )

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      received.push({ body, headers: req.headers as Record<string, string> })
      res.writeHead(answer).end()
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()))
  const port = (receiver.address() as AddressInfo).port
  fake = await startFakeInflow({ webhookUrl: `http://127.0.0.1:${port}/hook`, webhookSecret: SECRET })
})

afterAll(async () => {
  await fake.close()
  await new Promise((r) => receiver.close(r))
})

beforeEach(() => {
  received = []
  answer = 200
  fake.control({
    duplicates: false,
    outOfOrder: false,
    batch: false,
    webhookDelayMs: 0,
    refundFails: false,
    amountTamper: 0,
    retryDelaysMs: [50],
  })
})

describe('API', () => {
  test('no or a wrong X-Inflow-Api-Key → 401 with the error body', async () => {
    for (const key of [null, 'wrong']) {
      const res = await api('/api/payment', { method: 'POST', body: createBody(), key })
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual({ statusCode: 401, message: 'Unauthorized', error: 'Unauthorized' })
    }
  })

  test('invalid create → 400 listing every problem; minimums USD 2.00 and EUR 1.50', async () => {
    const bad = await api('/api/payment', { method: 'POST', body: createBody({ currency: 'GBP', customerEmail: 'x' }) })
    expect(bad.status).toBe(400)
    const body = await bad.json()
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' })
    expect(body.message).toEqual(
      expect.arrayContaining([expect.stringContaining('currency'), expect.stringContaining('customerEmail')]),
    )
    const usd = await api('/api/payment', {
      method: 'POST',
      body: createBody({ currency: 'USD', products: [{ name: 'x', price: 199, quantity: 1 }] }),
    })
    expect(usd.status).toBe(400)
    expect((await usd.json()).message).toContain('2.00 USD')
    await create({ currency: 'EUR', products: [{ name: 'x', price: 50, quantity: 3 }] })
    const eur = await api('/api/payment', {
      method: 'POST',
      body: createBody({ products: [{ name: 'x', price: 149, quantity: 1 }] }),
    })
    expect(eur.status).toBe(400)
  })

  test('create → 201 paymentId + purchaseUrl on this server; GET returns the documented object; unknown → 404', async () => {
    const { paymentId, purchaseUrl } = await create()
    expect(paymentId).toMatch(/^pay_/)
    expect(purchaseUrl).toBe(`${fake.url}/pay/${paymentId}`)
    const res = await api(`/api/payment/${paymentId}`)
    expect(res.status).toBe(200)
    const payment = await res.json()
    expect(Object.keys(payment).sort()).toEqual(
      [
        'amountInCents',
        'createdAt',
        'currency',
        'customerEmail',
        'depositAttempts',
        'depositStatus',
        'id',
        'lastDepositAttempt',
        'metadatas',
        'status',
        'updatedAt',
      ].sort(),
    )
    expect(payment).toMatchObject({
      id: paymentId,
      amountInCents: 1200,
      currency: 'EUR',
      status: 'INITIATION',
      metadatas: { kassaReference: 'att_1' },
    })
    const missing = await api('/api/payment/pay_missing')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ statusCode: 404, error: 'Not Found' })
  })

  test('failNextCreate answers 500 once and creates nothing', async () => {
    const before = fake.store.payments.size
    fake.control({ failNextCreate: true })
    const res = await api('/api/payment', { method: 'POST', body: createBody() })
    expect(res.status).toBe(500)
    expect(await res.json()).toMatchObject({ statusCode: 500 })
    expect(fake.store.payments.size).toBe(before)
    await create()
  })

  test('hangNextCreate creates the payment but never answers', async () => {
    const before = fake.store.payments.size
    fake.control({ hangNextCreate: true })
    const res = api('/api/payment', { method: 'POST', body: createBody(), signal: AbortSignal.timeout(300) })
    await expect(res).rejects.toThrow()
    expect(fake.store.payments.size).toBe(before + 1)
  })
})

describe('hosted page and webhooks', () => {
  test('4242: CHECKOUT_SUCCESS then PAYMENT_SUCCESS, redirect to successUrl, signatures valid for the svix package', async () => {
    const { paymentId, purchaseUrl } = await create()
    const page = await fetch(purchaseUrl)
    expect(await page.text()).toContain('Pay €12.00')
    const res = await payWith(purchaseUrl, '4242 4242 4242 4242')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('http://shop.test/ok')
    await until(() => statusesOf(paymentId).includes('PAYMENT_SUCCESS'))
    expect(statusesOf(paymentId)).toEqual(['INITIATION', 'CHECKOUT_PENDING', 'CHECKOUT_SUCCESS', 'PAYMENT_SUCCESS'])
    const wh = new Webhook(SECRET)
    for (const r of received) {
      expect(wh.verify(r.body, r.headers)).toMatchObject({ data: expect.any(Array) })
      expect(verifySvix(svixKey(SECRET), r.body, r.headers, new Date())).toBe(r.headers['svix-id'])
    }
    const tampered = { ...received[0], body: received[0].body.replace('EUR', 'USD') }
    expect(() => wh.verify(tampered.body, tampered.headers)).toThrow()
    const payment = await (await api(`/api/payment/${paymentId}`)).json()
    expect(payment).toMatchObject({
      status: 'PAYMENT_SUCCESS',
      depositStatus: 'succeeded',
      lastDepositAttempt: { status: 'succeeded', amount: 1200 },
    })
  })

  test('decline card → PAYMENT_FAILED with the decline as the attempt error; cancel link → CHECKOUT_CANCELED', async () => {
    const declined = await create()
    await payWith(declined.purchaseUrl, '4000000000000002')
    const failed = await (await api(`/api/payment/${declined.paymentId}`)).json()
    expect(failed).toMatchObject({
      status: 'PAYMENT_FAILED',
      lastDepositAttempt: { status: 'failed', error: 'Your card was declined.' },
    })
    const canceled = await create()
    const res = await fetch(`${canceled.purchaseUrl}/cancel`, { redirect: 'manual' })
    expect(res.headers.get('location')).toBe('http://shop.test/cancel')
    expect((await (await api(`/api/payment/${canceled.paymentId}`)).json()).status).toBe('CHECKOUT_CANCELED')
  })

  test('0077: deposit pending until pendingDepositMs', async () => {
    fake.control({ pendingDepositMs: 300 })
    const { paymentId, purchaseUrl } = await create()
    await payWith(purchaseUrl, '4000000000000077')
    expect(await (await api(`/api/payment/${paymentId}`)).json()).toMatchObject({
      status: 'CHECKOUT_SUCCESS',
      depositStatus: 'pending',
    })
    await until(() => statusesOf(paymentId).includes('PAYMENT_SUCCESS'))
  })

  test('a non-2xx answer is retried with the same svix-id', async () => {
    answer = 500
    const { paymentId } = await create()
    await until(() => received.length >= 2)
    answer = 200
    await until(() => fake.webhooks.deliveries.some((d) => d.delivered && d.events[0].paymentId === paymentId))
    expect(new Set(received.map((r) => r.headers['svix-id'])).size).toBe(1)
  })

  test('batch: two events in one delivery; outOfOrder: newest first; duplicates: each delivery twice', async () => {
    fake.control({ batch: true })
    const one = await create()
    await payWith(one.purchaseUrl, '4242424242424242')
    await fake.webhooksIdle()
    expect(received.some((r) => JSON.parse(r.body).data.length >= 2)).toBe(true)

    received = []
    fake.control({ batch: false, outOfOrder: true, settleDelayMs: 10 })
    const two = await create()
    await payWith(two.purchaseUrl, '4242424242424242')
    await until(() => statusesOf(two.paymentId).length >= 3)
    await fake.webhooksIdle()
    const order = statusesOf(two.paymentId)
    expect(order.indexOf('PAYMENT_SUCCESS')).toBeLessThan(order.indexOf('CHECKOUT_SUCCESS'))

    received = []
    fake.control({ outOfOrder: false, duplicates: true })
    await create()
    await until(() => received.length >= 2)
    expect(received[0].headers['svix-id']).toBe(received[1].headers['svix-id'])
    expect(received[0].body).toBe(received[1].body)
  })

  test('refund: REFUND_PENDING then FULLY_REFUNDED, or REFUND_FAILED with refundFails; refused before payment', async () => {
    const { paymentId, purchaseUrl } = await create()
    const early = await api(`/api/payment/${paymentId}/refund`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'x' }),
    })
    expect(early.status).toBe(400)
    await payWith(purchaseUrl, '4242424242424242')
    const res = await api(`/api/payment/${paymentId}/refund`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'customer asked' }),
    })
    expect(res.status).toBe(200)
    expect((await res.json()).status).toBe('REFUND_PENDING')
    await until(() => statusesOf(paymentId).includes('FULLY_REFUNDED'))

    fake.control({ refundFails: true })
    const other = await create()
    await payWith(other.purchaseUrl, '4242424242424242')
    await api(`/api/payment/${other.paymentId}/refund`, { method: 'POST', body: JSON.stringify({ reason: 'r' }) })
    await until(() => statusesOf(other.paymentId).includes('REFUND_FAILED'))
  })

  test('control API over HTTP: amountTamper makes the payment report more than its products; unknown switch → 400', async () => {
    const bad = await fetch(`${fake.url}/__control`, { method: 'POST', body: JSON.stringify({ nope: true }) })
    expect(bad.status).toBe(400)
    const ok = await fetch(`${fake.url}/__control`, { method: 'POST', body: JSON.stringify({ amountTamper: 100 }) })
    expect((await ok.json()).switches.amountTamper).toBe(100)
    const { paymentId } = await create()
    expect((await (await api(`/api/payment/${paymentId}`)).json()).amountInCents).toBe(1300)
  })
})
