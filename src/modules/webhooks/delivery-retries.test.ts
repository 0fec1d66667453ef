import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { webhookDeliveryFixture } from '../../../test/support/webhook-delivery.ts'
import { createEndpoint, getEndpoint } from './endpoints.service.ts'
import { getDelivery, listDeliveries } from './deliveries.service.ts'
import { claimDeliveries } from './deliveries.repository.ts'
import { RETRY_SCHEDULE_MS } from './lib/schedule.ts'

// When a receiver fails: the retry schedule, Retry-After, giving up, disabling endpoints, expired leases.

const { p, freshMerchant, receiver, dispatcher, paymentEvent, cleanup } = await webhookDeliveryFixture()
afterAll(() => p.close())
afterEach(cleanup)

describe('webhook delivery retries', () => {
  it('retries a receiver that fails 3 times on the schedule, with one delivery id, then succeeds', async () => {
    const { m, scope } = await freshMerchant()
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
    const { m, scope } = await freshMerchant()
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
    const { scope } = await freshMerchant()
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
    const { scope } = await freshMerchant()
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
    const { m, scope } = await freshMerchant()
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

  it('retries a delivery whose worker died mid-flight once its lease expires', async () => {
    const { scope } = await freshMerchant()
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
    const { scope } = await freshMerchant()
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
