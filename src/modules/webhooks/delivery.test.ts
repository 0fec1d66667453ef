import crypto from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { testConfig } from '../../../test/support/platform.ts'
import { webhookDeliveryFixture } from '../../../test/support/webhook-delivery.ts'
import { insertEvent } from '../events/index.ts'
import type { EventPayload } from '../events/index.ts'
import { createEndpoint } from './endpoints.service.ts'
import { getDelivery, listDeliveries } from './deliveries.service.ts'
import { WebhookDispatcher } from './dispatcher.ts'

// Delivering an event: the signed request, the attempt log, which endpoints get it, where it may go.

const { p, freshMerchant, receiver, dispatcher, paymentEvent, cleanup } = await webhookDeliveryFixture()
afterAll(() => p.close())
afterEach(cleanup)

/** The Node snippet of the product docs, verbatim in spirit: hex HMAC-SHA256 of the raw body. */
function docsSnippetVerifies(secret: string, rawBody: string, header: string): boolean {
  const expected = 'sha256=' + crypto.createHmac('sha256', secret).update(rawBody).digest('hex')
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(header))
}

describe('webhook delivery', () => {
  it('delivers a payment event signed for both the docs snippet and the standardwebhooks package', async () => {
    const { scope } = await freshMerchant()
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

  it('does not follow redirects: a 3xx is a failed attempt', async () => {
    const { scope } = await freshMerchant()
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
    const { m, scope } = await freshMerchant()
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
    const { scope } = await freshMerchant()
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
})
