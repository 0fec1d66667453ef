import crypto from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  testConfig,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { startReceiver, type Receiver } from '../../../test/support/webhook-receiver.ts'
import { recordTransactionChanged } from '../payments/index.ts'
import { insertEvent } from '../events/index.ts'
import { createEndpoint, getEndpoint } from './endpoints.service.ts'
import { getDelivery, listDeliveries } from './deliveries.service.ts'
import { WebhookDispatcher } from './dispatcher.ts'
import { claimDeliveries } from './deliveries.repository.ts'
import { RETRY_SCHEDULE_MS } from './lib/schedule.ts'
import type { EventPayload } from '../events/index.ts'

let p: TestPlatform
let m: Merchant
let scope: { organizationId: number; environment: 'sandbox' }
const receivers: Receiver[] = []
beforeAll(async () => {
  p = await createTestPlatform()
})
afterAll(() => p.close())
afterEach(async () => {
  // drain() is global: leftovers of one test (dead receivers, retries) must not come due in the next.
  await p.ctx.db.updateTable('webhook_deliveries').set({ status: 'failed' }).where('status', '=', 'pending').execute()
  while (receivers.length) await receivers.pop()!.close()
})

/** Each test gets its own merchant, so endpoints of one test never receive another's events. */
async function freshMerchant() {
  m = await createMerchantFixture(p.ctx)
  scope = { organizationId: m.organizationId, environment: 'sandbox' }
}

async function receiver(respond?: Receiver['respond']) {
  const r = await startReceiver(respond)
  receivers.push(r)
  return r
}

const dispatcher = (options: ConstructorParameters<typeof WebhookDispatcher>[1] = {}) =>
  new WebhookDispatcher(p.ctx, { listenUrl: null, random: () => 0.5, ...options })

/** A sandbox payment created through the API, then a recorded status change (what checkout will do). */
async function paymentEvent() {
  const checkout = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
  const tx = await p.ctx.db
    .selectFrom('transactions')
    .select(['id', 'public_id'])
    .where('public_id', '=', checkout.transaction_id)
    .executeTakeFirstOrThrow()
  const event = await p.ctx.db.transaction().execute((trx) => recordTransactionChanged(trx, tx.id))
  return { checkout, tx, event }
}

/** The Node snippet of the product docs, verbatim in spirit: hex HMAC-SHA256 of the raw body. */
function docsSnippetVerifies(secret: string, rawBody: string, header: string): boolean {
  const expected = 'sha256=' + crypto.createHmac('sha256', secret).update(rawBody).digest('hex')
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(header))
}

describe('webhook delivery', () => {
  it('delivers a payment event signed for both the docs snippet and the standardwebhooks package', async () => {
    await freshMerchant()
    const r = await receiver()
    const { secret } = await createEndpoint(p.ctx, scope, { url: r.url })
    const { checkout, event } = await paymentEvent()
    const results = await dispatcher().drain()
    expect(results).toHaveLength(1)
    expect(results[0]).toMatchObject({ status: 'succeeded', statusCode: 200, attemptNumber: 1 })
    const [req] = await r.waitFor(1)
    expect(req.method).toBe('POST')
    expect(req.headers['content-type']).toBe('application/json')
    expect(req.headers['x-webhook-event']).toBe('transaction.status_changed')
    expect(req.headers['x-webhook-delivery-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    )
    expect(req.headers['webhook-id']).toBe(req.headers['x-webhook-delivery-id'])
    expect(Math.abs(Number(req.headers['x-webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30)
    expect(req.headers['webhook-timestamp']).toBe(req.headers['x-webhook-timestamp'])
    expect(req.headers['x-webhook-signature']).toMatch(/^sha256=[0-9a-f]{64}$/)
    expect(docsSnippetVerifies(secret, req.body, req.headers['x-webhook-signature'] as string)).toBe(true)
    expect(docsSnippetVerifies(secret, req.body + ' ', req.headers['x-webhook-signature'] as string)).toBe(false)
    const verified = new Webhook(secret).verify(req.body, req.headers as Record<string, string>) as Record<
      string,
      unknown
    >
    expect(verified).toMatchObject({
      event: 'transaction.status_changed',
      event_id: event.public_id,
      transaction_id: checkout.transaction_id,
      order_id: checkout.order_id,
      status: 'processing',
      currency: 'USD',
    })
    expect(Array.isArray(verified.depositAttempts)).toBe(true)
    for (const field of ['amount', 'created_at', 'updated_at']) expect(verified).toHaveProperty(field)
    expect(() =>
      new Webhook(secret).verify(req.body.replace('processing', 'paid'), req.headers as Record<string, string>),
    ).toThrow()
    // The attempt log has the row.
    const delivery = await getDelivery(p.ctx, scope, req.headers['x-webhook-delivery-id'] as string)
    expect(delivery).toMatchObject({
      status: 'succeeded',
      attempts: [{ attempt_number: 1, status_code: 200, error: null, response_body: 'ok' }],
    })
    expect(await dispatcher().drain()).toHaveLength(0)
  })

  it('retries a receiver that fails 3 times on the schedule, with one delivery id, then succeeds', async () => {
    await freshMerchant()
    const r = await receiver((_req, i) => (i < 3 ? { status: 500, body: 'x'.repeat(5000) } : { status: 204 }))
    await createEndpoint(p.ctx, scope, { url: r.url })
    await paymentEvent()
    const d = dispatcher()
    expect(await d.drain()).toMatchObject([{ status: 'pending', statusCode: 500 }])
    // Not due before ~5 s (jitter fixed at the middle: exactly 5 s).
    p.clock.advance(4_000)
    expect(await d.drain()).toHaveLength(0)
    p.clock.advance(1_500)
    expect(await d.drain()).toMatchObject([{ status: 'pending', attemptNumber: 2 }])
    p.clock.advance(29_000)
    expect(await d.drain()).toHaveLength(0)
    p.clock.advance(2_000)
    expect(await d.drain()).toMatchObject([{ status: 'pending', attemptNumber: 3 }])
    p.clock.advance(121_000)
    expect(await d.drain()).toMatchObject([{ status: 'succeeded', statusCode: 204, attemptNumber: 4 }])
    const requests = await r.waitFor(4)
    expect(new Set(requests.map((q) => q.headers['x-webhook-delivery-id'])).size).toBe(1)
    expect(new Set(requests.map((q) => q.body)).size).toBe(1)
    const delivery = await getDelivery(p.ctx, scope, requests[0].headers['x-webhook-delivery-id'] as string)
    expect(delivery.attempts.map((a) => a.status_code)).toEqual([500, 500, 500, 204])
    expect(delivery.attempts[0].error).toBe('HTTP 500')
    expect(Buffer.byteLength(delivery.attempts[0].response_body!)).toBe(2048)
    expect(delivery.attempts.every((a) => a.duration_ms >= 0)).toBe(true)
    const endpoint = await p.ctx.db
      .selectFrom('webhook_endpoints')
      .select('first_failure_at')
      .where('organization_id', '=', m.organizationId)
      .executeTakeFirstOrThrow()
    expect(endpoint.first_failure_at).toBeNull()
  })

  it('gives up after the last attempt, more than 3 days after the first', async () => {
    await freshMerchant()
    const r = await receiver(() => ({ status: 500 }))
    await createEndpoint(p.ctx, scope, { url: r.url })
    await paymentEvent()
    const d = dispatcher()
    const start = p.clock.now().getTime()
    let last = await d.drain()
    let attempts = 1
    while (last.length && last[0].status === 'pending') {
      p.clock.advance(RETRY_SCHEDULE_MS[attempts - 1] + 1_000)
      last = await d.drain()
      attempts++
    }
    expect(last[0].status).toBe('failed')
    expect(attempts).toBe(17)
    const requests = await r.waitFor(17)
    expect(requests).toHaveLength(17)
    expect(p.clock.now().getTime() - start).toBeGreaterThan(3 * 86_400_000)
    // Within the 5-day rule: a single failed event does not disable the endpoint.
    const endpoint = await p.ctx.db
      .selectFrom('webhook_endpoints')
      .select('enabled')
      .where('organization_id', '=', m.organizationId)
      .executeTakeFirstOrThrow()
    expect(endpoint.enabled).toBe(true)
  })

  it('honours Retry-After on 429 and 503', async () => {
    await freshMerchant()
    const r = await receiver((_q, i) =>
      i === 0
        ? { status: 429, headers: { 'retry-after': '120' } }
        : i === 1
          ? { status: 503, headers: { 'retry-after': '3600' } }
          : { status: 200 },
    )
    await createEndpoint(p.ctx, scope, { url: r.url })
    await paymentEvent()
    const d = dispatcher()
    await d.drain()
    p.clock.advance(60_000)
    expect(await d.drain()).toHaveLength(0)
    p.clock.advance(61_000)
    expect(await d.drain()).toMatchObject([{ statusCode: 503 }])
    p.clock.advance(3_500_000)
    expect(await d.drain()).toHaveLength(0)
    p.clock.advance(101_000)
    expect(await d.drain()).toMatchObject([{ status: 'succeeded' }])
  })

  it('410 Gone disables the endpoint and records webhook_endpoint.disabled', async () => {
    await freshMerchant()
    const gone = await receiver(() => ({ status: 410 }))
    const watcher = await receiver()
    const { endpoint } = await createEndpoint(p.ctx, scope, { url: gone.url })
    await createEndpoint(p.ctx, scope, { url: watcher.url, event_types: ['webhook_endpoint.disabled'] })
    await paymentEvent()
    const d = dispatcher()
    expect(await d.drain()).toMatchObject([{ status: 'failed', statusCode: 410 }, { status: 'succeeded' }])
    expect(await getEndpoint(p.ctx, scope, endpoint.id)).toMatchObject({
      enabled: false,
      disabled_reason: 'The endpoint answered 410 Gone.',
    })
    const [notice] = await watcher.waitFor(1)
    expect(notice.headers['x-webhook-event']).toBe('webhook_endpoint.disabled')
    expect(JSON.parse(notice.body)).toMatchObject({ endpoint_id: endpoint.id, url: gone.url })
    // Later events are not delivered to the disabled endpoint.
    await paymentEvent()
    expect(await d.drain()).toHaveLength(0)
    expect(gone.requests).toHaveLength(1)
  })

  it('disables an endpoint that failed continuously for 5 days', async () => {
    await freshMerchant()
    const r = await receiver(() => ({ status: 502 }))
    const { endpoint } = await createEndpoint(p.ctx, scope, { url: r.url })
    const d = dispatcher()
    for (let day = 0; day < 6; day++) {
      await paymentEvent()
      await d.drain()
      expect((await getEndpoint(p.ctx, scope, endpoint.id)).enabled, `day ${day}`).toBe(day < 5)
      p.clock.advance(86_400_000)
    }
    await d.drain()
    const after = await getEndpoint(p.ctx, scope, endpoint.id)
    expect(after.enabled).toBe(false)
    expect(after.disabled_reason).toMatch(/failed for 5 days/)
    const events = await p.ctx.db
      .selectFrom('events')
      .select('type')
      .where('organization_id', '=', m.organizationId)
      .where('type', '=', 'webhook_endpoint.disabled')
      .execute()
    expect(events).toHaveLength(1)
  })

  it('does not follow redirects: a 3xx is a failed attempt', async () => {
    await freshMerchant()
    const target = await receiver()
    const r = await receiver(() => ({ status: 302, headers: { location: target.url } }))
    await createEndpoint(p.ctx, scope, { url: r.url })
    await paymentEvent()
    const [result] = await dispatcher().drain()
    expect(result).toMatchObject({ status: 'pending', statusCode: 302 })
    expect(result.error).toMatch(/redirect/)
    expect(target.requests).toHaveLength(0)
  })

  it('delivers only the event types an endpoint asked for', async () => {
    await freshMerchant()
    const refunds = await receiver()
    await createEndpoint(p.ctx, scope, { url: refunds.url, event_types: ['refund.status_changed'] })
    await paymentEvent()
    await insertEvent(p.ctx.db, {
      organizationId: m.organizationId,
      environment: 'sandbox',
      type: 'refund.status_changed',
      subjectId: 'RF1',
      payload: { refund_id: 'RF1', status: 'completed' } as EventPayload<'refund.status_changed'>,
    })
    await insertEvent(p.ctx.db, {
      organizationId: m.organizationId,
      environment: 'production',
      type: 'refund.status_changed',
      subjectId: 'RF2',
      payload: { refund_id: 'RF2' } as EventPayload<'refund.status_changed'>,
    })
    await dispatcher().drain()
    expect(refunds.requests.map((q) => JSON.parse(q.body).refund_id)).toEqual(['RF1'])
  })

  it('refuses private addresses again at delivery time in production mode, after DNS resolution', async () => {
    await freshMerchant()
    const r = await receiver()
    // Configured while private URLs were allowed; production refuses it at delivery, whatever DNS now says.
    await createEndpoint(p.ctx, scope, { url: r.url.replace('http://127.0.0.1', 'https://hooks.example.test') })
    await paymentEvent()
    const production = { ...p.ctx, config: testConfig({ NODE_ENV: 'production', ALLOW_PRIVATE_WEBHOOK_URLS: '' }) }
    for (const [address, reason] of [
      ['127.0.0.1', 'loopback'],
      ['::1', 'loopback'],
      ['169.254.169.254', 'metadata'],
      ['10.1.2.3', 'private'],
      ['fd00::5', 'private'],
    ]) {
      const d = new WebhookDispatcher(production, { listenUrl: null, resolve: async () => [address] })
      p.clock.advance(24 * 3_600_000)
      const [result] = await d.drain()
      expect(result.status, address).toBe('pending')
      expect(result.statusCode).toBeNull()
      expect(result.error).toMatch(new RegExp(`SSRF guard: host hooks.example.test resolves to a ${reason} address`))
    }
    expect(r.requests).toHaveLength(0)
    const [delivery] = await listDeliveries(p.ctx, scope)
    expect(delivery.last_error).toMatch(/SSRF guard/)
  })

  it('retries a delivery whose worker died mid-flight once its lease expires', async () => {
    await freshMerchant()
    const r = await receiver()
    await createEndpoint(p.ctx, scope, { url: r.url })
    await paymentEvent()
    // A worker claims the delivery and dies before sending or recording anything.
    const [abandoned] = await claimDeliveries(p.ctx.db, 'worker-that-died', p.clock.now(), 10, 60_000)
    expect(abandoned).toBeDefined()
    const d = dispatcher()
    expect(await d.drain()).toHaveLength(0)
    p.clock.advance(61_000)
    expect(await d.drain()).toMatchObject([
      { status: 'succeeded', attemptNumber: 2, deliveryId: abandoned.delivery_id },
    ])
    const [req] = await r.waitFor(1)
    expect(req.headers['x-webhook-delivery-id']).toBe(abandoned.delivery_id)
    const list = await listDeliveries(p.ctx, scope)
    expect(list[0]).toMatchObject({ delivery_id: abandoned.delivery_id, status: 'succeeded', attempts: 2 })
  })

  it('a worker that overran its lease cannot overwrite the outcome of the one that took over', async () => {
    await freshMerchant()
    const r = await receiver()
    await createEndpoint(p.ctx, scope, { url: r.url })
    await paymentEvent()
    const [slow] = await claimDeliveries(p.ctx.db, 'slow-worker', p.clock.now(), 10, 1_000)
    p.clock.advance(2_000)
    await dispatcher().drain()
    const { settleDelivery } = await import('./deliveries.repository.ts')
    expect(
      await settleDelivery(p.ctx.db, slow.id, 'slow-worker', {
        status: 'failed',
        statusCode: 500,
        error: 'late',
        now: p.clock.now(),
      }),
    ).toBe(false)
    expect((await listDeliveries(p.ctx, scope))[0].status).toBe('succeeded')
  })
})
