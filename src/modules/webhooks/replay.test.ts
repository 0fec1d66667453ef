import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestPlatform, type Merchant, type TestPlatform } from '../../../test/support/platform.ts'
import { dashboardFixture, type DashboardFixture } from '../../../test/support/dashboard.ts'
import { startReceiver, type Receiver } from '../../../test/support/webhook-receiver.ts'
import { expectError } from '../../../test/support/errors.ts'
import { insertEvent, insertEvents } from '../events/index.ts'
import { WebhookDispatcher } from './dispatcher.ts'
import { REPLAY_MAX_EVENTS } from './replay.service.ts'
import { hmacSha256Hex } from '../../lib/crypto.ts'

let p: TestPlatform
let dash: DashboardFixture
let m: Merchant
let r: Receiver

beforeAll(async () => {
  p = await createTestPlatform()
  dash = await dashboardFixture(p)
  m = dash.merchant
  r = await startReceiver((_req, i) => (i === 0 ? { status: 503, body: 'busy' } : { status: 200, body: 'ok' }))
})
afterAll(async () => {
  await r.close()
  await p.close()
})

const W = '/api/organization/webhooks'
const drain = () => new WebhookDispatcher(p.ctx, { listenUrl: null }).drain()

const recordEvent = (type: 'webhook_endpoint.disabled' | 'subscription.trial_will_end', environment = 'sandbox') =>
  type === 'webhook_endpoint.disabled'
    ? insertEvent(p.ctx.db, {
        organizationId: m.organizationId,
        environment: environment as 'sandbox',
        type,
        subjectId: 'we_old',
        payload: {
          endpoint_id: 'we_old',
          url: 'https://x.test',
          reason: 'gone',
          disabled_at: new Date().toISOString(),
        },
      })
    : insertEvent(p.ctx.db, {
        organizationId: m.organizationId,
        environment: environment as 'sandbox',
        type,
        subjectId: 'sub_1',
        payload: { subscription: {}, trial_end: null, occurred_at: new Date().toISOString() },
      })

describe('delivery detail', () => {
  test('every attempt shows the headers sent, its status, duration and body; the delivery names its endpoint and event', async () => {
    const e = (await dash.post(`${W}/`, { url: r.url })).json()
    const sent = (await dash.post(`${W}/${e.id}/test/`)).json()
    await drain()
    p.clock.advance(10 * 60_000)
    await drain()
    const received = await r.waitFor(2)
    p.clock.advance(-10 * 60_000)
    const detail = (await dash.as('viewer').get(`${W}/deliveries/${sent.deliveries[0].delivery_id}/`)).json()
    expect(detail).toMatchObject({
      endpoint_id: e.id,
      event_id: sent.event_id,
      status: 'succeeded',
      completed_at: expect.any(String),
      next_attempt_at: null,
    })
    expect(detail.attempts.map((a: any) => [a.attempt_number, a.status_code, a.response_body])).toEqual([
      [1, 503, 'busy'],
      [2, 200, 'ok'],
    ])
    for (const [i, attempt] of detail.attempts.entries()) {
      expect(attempt.duration_ms).toBeGreaterThanOrEqual(0)
      // What the receiver got is exactly what the log says was sent (signatures differ per attempt).
      expect(attempt.request_headers['X-Webhook-Signature']).toBe(received[i].headers['x-webhook-signature'])
      expect(attempt.request_headers['webhook-signature']).toBe(received[i].headers['webhook-signature'])
      expect(attempt.request_headers['Content-Length']).toBe(received[i].headers['content-length'])
      expect(attempt.request_headers['X-Webhook-Delivery-Id']).toBe(detail.delivery_id)
    }
    expect(detail.attempts[1].request_headers['X-Webhook-Signature']).toBe(
      `sha256=${hmacSha256Hex(e.secret, received[1].body)}`,
    )
    await dash.delete(`${W}/${e.id}/`)
  })
})

describe('replay a time range', () => {
  test('queues every event of the range the endpoint receives, oldest first, and nothing outside it', async () => {
    const e = (await dash.post(`${W}/`, { url: r.url, event_types: ['webhook_endpoint.disabled'] })).json()
    await drain()
    const before = await recordEvent('webhook_endpoint.disabled')
    const from = new Date(before.created_at.getTime() + 1)
    // Timestamps are in microseconds, `from` in milliseconds: the next event must be in a later millisecond.
    while (Date.now() <= from.getTime() + 1) await Promise.resolve()
    const a = await recordEvent('webhook_endpoint.disabled')
    const skipped = await recordEvent('subscription.trial_will_end')
    const b = await recordEvent('webhook_endpoint.disabled')
    await recordEvent('webhook_endpoint.disabled', 'production')
    const to = new Date(b.created_at.getTime() + 1)
    await drain()
    const queued = r.requests.length

    const res = await dash.as('developer').post(`${W}/${e.id}/replay/`, {
      from: from.toISOString(),
      to: to.toISOString(),
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ endpoint_id: e.id, from: from.toISOString(), to: to.toISOString() })
    expect(res.json().deliveries.map((d: any) => [d.event_id, d.kind, d.status])).toEqual([
      [a.public_id, 'replay', 'pending'],
      [b.public_id, 'replay', 'pending'],
    ])
    expect(res.json().deliveries.map((d: any) => d.event_id)).not.toContain(skipped.public_id)
    await drain()
    const got = await r.waitFor(queued + 2)
    // Delivered in parallel: the arrival order is not the queue's.
    expect(
      got
        .slice(queued)
        .map((q) => JSON.parse(q.body).event_id)
        .sort(),
    ).toEqual([a.public_id, b.public_id].sort())

    const narrowed = await dash.post(`${W}/${e.id}/replay/`, {
      from: from.toISOString(),
      to: to.toISOString(),
      event_types: ['subscription.trial_will_end'],
    })
    expect(narrowed.json().deliveries).toEqual([])
    const audit = await p.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('target_id', '=', e.id)
      .where('action', '=', 'webhook.events_replayed')
      .execute()
    expect(audit[0].after).toMatchObject({ deliveries: 2 })
    await dash.delete(`${W}/${e.id}/`)
  })

  test('bad ranges are 400 naming the field; disabled endpoints, viewers and other tenants are refused', async () => {
    const e = (await dash.post(`${W}/`, { url: r.url })).json()
    const now = Date.now()
    const old = await dash.post(`${W}/${e.id}/replay/`, { from: new Date(now - 31 * 86_400_000).toISOString() })
    expectError(old, 400, 'validation_error')
    expect(Object.keys(old.json().errors)).toEqual(['from'])
    const backwards = await dash.post(`${W}/${e.id}/replay/`, {
      from: new Date(now - 1000).toISOString(),
      to: new Date(now - 2000).toISOString(),
    })
    expect(Object.keys(backwards.json().errors)).toEqual(['to'])
    expect((await dash.post(`${W}/${e.id}/replay/`, { from: 'yesterday' })).statusCode).toBe(400)
    expect((await dash.post(`${W}/${e.id}/replay/`, {})).statusCode).toBe(400)
    const range = { from: new Date(now - 60_000).toISOString() }
    expect((await dash.as('viewer').post(`${W}/${e.id}/replay/`, range)).statusCode).toBe(403)
    expect((await dash.as('other').post(`${W}/${e.id}/replay/`, range)).statusCode).toBe(404)
    await dash.patch(`${W}/${e.id}/`, { enabled: false })
    expectError(await dash.post(`${W}/${e.id}/replay/`, range), 400, 'webhook_endpoint_disabled')

    // More than REPLAY_MAX_EVENTS in the range: refused whole, nothing queued (recorded while disabled: no fan-out).
    const many = await insertEvents(
      p.ctx.db,
      Array.from({ length: REPLAY_MAX_EVENTS + 1 }, () => ({
        organizationId: m.organizationId,
        environment: 'sandbox' as const,
        type: 'webhook_endpoint.disabled' as const,
        subjectId: null,
        payload: { endpoint_id: 'we_x', url: 'https://x.test', reason: 'gone', disabled_at: new Date().toISOString() },
      })),
    )
    await dash.patch(`${W}/${e.id}/`, { enabled: true })
    const since = { from: new Date(many[0].created_at.getTime() - 1).toISOString() }
    const tooMany = await dash.post(`${W}/${e.id}/replay/`, since)
    expectError(tooMany, 400, 'validation_error')
    expect(tooMany.json().errors.from[0]).toContain('More than 1000 events')
    const queued = await p.ctx.db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'replay')
      .where(
        'event_id',
        'in',
        many.map((x) => x.id),
      )
      .executeTakeFirstOrThrow()
    expect(Number(queued.n)).toBe(0)
    await dash.delete(`${W}/${e.id}/`)
  })
})
