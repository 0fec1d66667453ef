import { afterAll, beforeAll, expect, test } from 'vitest'
import { EVENT_TYPES, Kassa, WebhookVerificationError, type KassaEvent } from '@kassa/node'
import { settleDeposit } from '../../../test/support/payments.ts'
import { login, tokenHeaders } from '../../../test/support/dashboard.ts'
import { startReceiver, type ReceivedRequest, type Receiver } from '../../../test/support/webhook-receiver.ts'
import { WebhookDispatcher } from '../../../src/modules/webhooks/index.ts'
import { EVENT_SCHEMAS } from '../../../src/modules/events/index.ts'
import { createWorker } from '../../../src/worker/registry.ts'
import { addWebhookEndpoint, payCheckout, sdkCheckoutBody, startKassa, type LiveKassa } from './support.ts'

// Kassa.webhooks.verify against real deliveries: the dispatcher signs and POSTs every event type to
// local receivers; tampered bodies, old timestamps and wrong secrets are refused.

let live: LiveKassa
let ok: Receiver
let gone: Receiver
let secret: string
let otherSecret: string
let deliveries: ReceivedRequest[]
beforeAll(async () => {
  live = await startKassa({ REFUND_DELAY_MS: '0' })
  ok = await startReceiver()
  gone = await startReceiver(() => ({ status: 410 }))
  const endpoint = await addWebhookEndpoint(live, ok.url)
  secret = endpoint.secret
  otherSecret = (await addWebhookEndpoint(live, gone.url)).secret
  const kassa = live.client()
  // Every event type: a payment paid and refunded, a test event, an endpoint disabled by its 410.
  const checkout = await kassa.checkout.create(sdkCheckoutBody(live))
  await payCheckout(live, checkout.token)
  await settleDeposit(live.p.ctx, checkout.transaction_id)
  await kassa.refunds.create(checkout.transaction_id, { reason: 'Customer request', amount: '10.00' })
  await createWorker(live.p.ctx).drain()
  const token = await login(live.p.app, live.m.email, live.m.password)
  const sent = await live.p.app.inject({
    method: 'POST',
    url: '/api/organization/webhooks/test/',
    headers: tokenHeaders(token),
    payload: { endpoint_id: endpoint.id, environment: 'sandbox' },
  })
  expect(sent.statusCode, sent.body).toBeLessThan(300)
  const dispatcher = new WebhookDispatcher(live.p.ctx, { listenUrl: null })
  await dispatcher.drain()
  await dispatcher.drain()
  deliveries = ok.requests
})
afterAll(async () => {
  await ok?.close()
  await gone?.close()
  await live?.close()
})

const find = (type: string) => {
  const found = deliveries.find((d) => JSON.parse(d.body).event === type)
  if (!found) throw new Error(`no ${type} delivery`)
  return found
}

test('every real delivery verifies and comes back as its typed event; every event type is covered', () => {
  const events: KassaEvent[] = deliveries.map((d) => Kassa.webhooks.verify(d.body, d.headers, secret))
  // Subscription events need a plan, a paid first charge and a test clock: their recorded payloads are
  // checked against the same schemas in test/docs/events.test.ts; here every other type is delivered.
  const delivered = EVENT_TYPES.filter((type) => !type.startsWith('subscription.'))
  expect(new Set(events.map((e) => e.event))).toEqual(new Set(delivered))
  // The SDK knows exactly the event types the server declares.
  expect([...EVENT_TYPES].sort()).toEqual(Object.keys(EVENT_SCHEMAS).sort())
  for (const event of events) {
    expect(event.event_id).toMatch(/^evt_/)
    switch (event.event) {
      case 'transaction.status_changed':
        expect(event.transaction_id).toMatch(/^TX/)
        expect(event.depositAttempts).toBeInstanceOf(Array)
        break
      case 'refund.status_changed':
        expect(event.refund_id).toBe(event.id)
        expect(event.amount).toBe('10.00')
        break
      case 'webhook.test':
        expect(event.environment).toBe('sandbox')
        break
      case 'webhook_endpoint.disabled':
        expect(event.url).toBe(gone.url)
        expect(event.reason).toMatch(/410/)
        break
    }
  }
})

test('raw body as a Buffer, headers as a Fetch Headers object, and a list of secrets while rotating', () => {
  const d = find('webhook.test')
  const headers = new Headers(d.headers as Record<string, string>)
  expect(Kassa.webhooks.verify(Buffer.from(d.body), headers, secret).event).toBe('webhook.test')
  expect(Kassa.webhooks.verify(d.body, d.headers, [otherSecret, secret]).event).toBe('webhook.test')
})

const refusal = (fn: () => unknown) => {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(WebhookVerificationError)
    return (err as WebhookVerificationError).reason
  }
  throw new Error('verify accepted it')
}

test('a tampered body is refused', () => {
  const d = find('transaction.status_changed')
  const tampered = d.body.replace(/"amount":"[^"]*"/, '"amount":"0.01"')
  expect(tampered).not.toBe(d.body)
  expect(refusal(() => Kassa.webhooks.verify(tampered, d.headers, secret))).toBe('invalid_signature')
  expect(refusal(() => Kassa.webhooks.verify(`${d.body} `, d.headers, secret))).toBe('invalid_signature')
})

test('both signatures must hold: one of them borrowed from another delivery is refused', () => {
  const [a, b] = deliveries
  const mixStandard = { ...a.headers, 'webhook-signature': b.headers['webhook-signature'] }
  const mixKassa = { ...a.headers, 'x-webhook-signature': b.headers['x-webhook-signature'] }
  expect(refusal(() => Kassa.webhooks.verify(a.body, mixStandard, secret))).toBe('invalid_signature')
  expect(refusal(() => Kassa.webhooks.verify(a.body, mixKassa, secret))).toBe('invalid_signature')
  const { 'x-webhook-signature': _dropped, ...standardOnly } = a.headers
  expect(refusal(() => Kassa.webhooks.verify(a.body, standardOnly, secret))).toBe('missing_header')
  // Another timestamp changes what the Standard Webhooks signature covers.
  const shifted = { ...a.headers, 'webhook-timestamp': String(Number(a.headers['webhook-timestamp']) - 1) }
  expect(refusal(() => Kassa.webhooks.verify(a.body, shifted, secret))).toBe('invalid_signature')
})

test('an old (or far future) timestamp is refused; the tolerance is configurable', () => {
  const d = find('webhook.test')
  const sentAt = Number(d.headers['webhook-timestamp']) * 1000
  const late = { now: sentAt + 301_000 }
  expect(refusal(() => Kassa.webhooks.verify(d.body, d.headers, secret, late))).toBe('timestamp_out_of_tolerance')
  expect(refusal(() => Kassa.webhooks.verify(d.body, d.headers, secret, { now: sentAt - 301_000 }))).toBe(
    'timestamp_out_of_tolerance',
  )
  expect(Kassa.webhooks.verify(d.body, d.headers, secret, { now: sentAt + 299_000 }).event).toBe('webhook.test')
  expect(Kassa.webhooks.verify(d.body, d.headers, secret, { ...late, toleranceSeconds: 600 }).event).toBe(
    'webhook.test',
  )
  expect(refusal(() => Kassa.webhooks.verify(d.body, { ...d.headers, 'webhook-timestamp': 'soon' }, secret))).toBe(
    'invalid_timestamp',
  )
})

test('a wrong secret is refused, and a parsed body is refused with a clear reason', () => {
  const d = find('webhook.test')
  expect(refusal(() => Kassa.webhooks.verify(d.body, d.headers, otherSecret))).toBe('invalid_signature')
  const parsed = JSON.parse(d.body)
  expect(refusal(() => Kassa.webhooks.verify(parsed, d.headers, secret))).toBe('raw_body_required')
  expect(() => Kassa.webhooks.verify(d.body, d.headers, '')).toThrow(/secret/)
})
