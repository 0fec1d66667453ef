import crypto from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { CARDS, card, postCheckout } from '../support/checkout.ts'
import { settleDeposit } from '../support/payments.ts'
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts'
import { createWorker } from '../../src/worker/registry.ts'
import { createEndpoint, WebhookDispatcher } from '../../src/modules/webhooks/index.ts'
// "Done when": a sandbox payment paid and refunded through the API produces the documented events at
// a configured local endpoint, verifiable by both signature schemes, surviving a receiver outage.

let p: TestPlatform
let m: Merchant
let r: Receiver
let outage = true
beforeAll(async () => {
  p = await createTestPlatform({ env: { REFUND_DELAY_MS: '0' } })
  m = await createMerchantFixture(p.ctx)
  r = await startReceiver(() => (outage ? { status: 503 } : { status: 200 }))
})
afterAll(async () => {
  await r.close()
  await p.close()
})

test('pay and refund a sandbox payment: every event arrives signed, after the receiver comes back', async () => {
  const { secret } = await createEndpoint(
    p.ctx,
    { organizationId: m.organizationId, environment: 'sandbox' },
    { url: r.url },
  )
  const checkout = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.usdOnlyProductId))
  const paid = await postCheckout(p.app, 'pay', { token: checkout.token, card: card(CARDS.success) })
  expect(paid.statusCode).toBe(200)
  await settleDeposit(p.ctx, checkout.transaction_id)
  const refund = await p.app.inject({
    method: 'POST',
    url: `/api/transactions/${checkout.transaction_id}/refund/`,
    headers: apiKeyHeaders(m.sandboxKey),
    payload: { reason: 'Customer request', amount: '50.00' },
  })
  expect(refund.statusCode, refund.body).toBe(200)
  await createWorker(p.ctx).drain()

  const dispatcher = new WebhookDispatcher(p.ctx, { listenUrl: null })
  const failed = await dispatcher.drain()
  expect(failed.length).toBeGreaterThan(0)
  expect(failed.every((a) => a.status === 'pending' && a.statusCode === 503)).toBe(true)
  outage = false
  p.clock.advance(10_000)
  const delivered = await dispatcher.drain()
  expect(delivered.every((a) => a.status === 'succeeded')).toBe(true)
  expect(delivered).toHaveLength(failed.length)

  const ok = r.requests.slice(failed.length)
  for (const req of ok) {
    expect(req.headers['x-webhook-signature']).toBe(
      'sha256=' + crypto.createHmac('sha256', secret).update(req.body).digest('hex'),
    )
    new Webhook(secret).verify(req.body, req.headers as Record<string, string>)
  }
  // Retries kept their delivery ids.
  expect(new Set(ok.map((q) => q.headers['x-webhook-delivery-id']))).toEqual(
    new Set(r.requests.slice(0, failed.length).map((q) => q.headers['x-webhook-delivery-id'])),
  )
  const bodies = ok.map((q) => JSON.parse(q.body))
  const payments = bodies.filter((b) => b.event === 'transaction.status_changed')
  const refunds = bodies.filter((b) => b.event === 'refund.status_changed')
  expect(
    payments.every(
      (b) =>
        b.transaction_id === checkout.transaction_id &&
        b.order_id === checkout.order_id &&
        Array.isArray(b.depositAttempts),
    ),
  ).toBe(true)
  expect(payments.map((b) => b.status)).toEqual(
    expect.arrayContaining(['paid', 'refund_pending', 'partially_refunded']),
  )
  const paidEvent = payments.find((b) => b.status === 'paid')
  expect(paidEvent.depositAttempts[0]).toMatchObject({ status: 'succeeded' })
  expect(refunds.length).toBeGreaterThan(0)
  expect(refunds.every((b) => b.transaction_id === checkout.transaction_id)).toBe(true)
  expect(refunds.map((b) => b.status)).toContain('completed')
  expect(new Set(bodies.map((b) => b.event_id)).size).toBe(bodies.length)
})
