import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startMetricsServer } from '../../src/http/metrics.ts'
import { WebhookDispatcher } from '../../src/modules/webhooks/dispatcher.ts'
import { createEndpoint } from '../../src/modules/webhooks/endpoints.service.ts'
import { sendTestEvent } from '../../src/modules/webhooks/deliveries.service.ts'
import { card, postCheckout, tokenOf } from '../support/checkout.ts'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts'

const TOKEN = 'metrics-token-0123456789'
let p: TestPlatform
let m: Merchant
let r: Receiver
beforeAll(async () => {
  p = await createTestPlatform({ env: { METRICS_TOKEN: TOKEN } })
  p.ctx.lifecycle = { draining: false }
  m = await createMerchantFixture(p.ctx)
  r = await startReceiver()
})
afterAll(async () => {
  await r.close()
  await p.close()
})

const scrape = () => p.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })

describe('GET /metrics', () => {
  test('needs the Bearer METRICS_TOKEN on the API port', async () => {
    expect((await p.app.inject({ url: '/metrics' })).statusCode).toBe(401)
    expect(
      (await p.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-0000000' } })).statusCode,
    ).toBe(401)
    const res = await scrape()
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain/)
  })

  test('serves the documented series after real traffic', async () => {
    const checkout = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
    const paid = await postCheckout(p.app, 'pay', {
      token: tokenOf(checkout.checkout_url),
      card: card('4242 4242 4242 4242'),
    })
    expect(paid.statusCode).toBe(200)
    const scope = { organizationId: m.organizationId, environment: 'sandbox' as const }
    await createEndpoint(p.ctx, scope, { url: r.url })
    await sendTestEvent(p.ctx, scope)
    await new WebhookDispatcher(p.ctx, { listenUrl: null }).drain()

    const text = (await scrape()).body
    expect(text).toMatch(
      /kassa_http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/api\/checkout\/create\/",status="201"\} [1-9]/,
    )
    expect(text).toMatch(/kassa_db_pool_connections\{state="total"\} \d+/)
    expect(text).toMatch(/kassa_webhook_deliveries_due \d+/)
    expect(text).toMatch(/kassa_webhook_oldest_due_age_seconds [\d.]+/)
    expect(text).toMatch(/kassa_webhook_attempts_total\{outcome="succeeded"\} [1-9]/)
    expect(text).toMatch(/kassa_webhook_delivery_lag_seconds_count [1-9]/)
    expect(text).toMatch(
      /kassa_provider_call_duration_seconds_count\{provider="simulator",operation="start_payment",outcome="ok"\} [1-9]/,
    )
    expect(text).toMatch(/kassa_payments\{environment="sandbox",status="paid"\} [1-9]/)
    expect(text).toContain('# TYPE kassa_refunds gauge')
    expect(text).toContain('# TYPE kassa_jobs_due gauge')
    expect(text).toContain('# TYPE kassa_jobs_oldest_due_age_seconds gauge')
    expect(text).toContain('# TYPE kassa_provider_call_errors_total counter')
  })

  test('a job due for a while shows in depth and age', async () => {
    await p.ctx.db
      .insertInto('jobs')
      .values({ queue: 'metrics.probe', payload: '{}', run_at: new Date(Date.now() - 90_000), max_attempts: 1 })
      .execute()
    const text = (await scrape()).body
    expect(text).toMatch(/kassa_jobs_due\{queue="metrics.probe"\} 1/)
    const age = Number(/kassa_jobs_oldest_due_age_seconds\{queue="metrics.probe"\} ([\d.]+)/.exec(text)?.[1])
    expect(age).toBeGreaterThanOrEqual(89)
  })

  test('METRICS_PORT serves /metrics on its own listener', async () => {
    const server = await startMetricsServer(p.ctx, 0, '127.0.0.1')
    try {
      const { port } = server.address() as { port: number }
      const res = await fetch(`http://127.0.0.1:${port}/metrics`)
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('kassa_http_request_duration_seconds')
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404)
    } finally {
      server.close()
    }
  })

  test('without METRICS_TOKEN the API port has no /metrics', async () => {
    const plain = await createTestPlatform()
    try {
      expect((await plain.app.inject({ url: '/metrics' })).statusCode).toBe(404)
    } finally {
      await plain.close()
    }
  })
})

describe('/readyz', () => {
  test('turns 503 as soon as the process is draining', async () => {
    expect((await p.app.inject({ url: '/readyz' })).statusCode).toBe(200)
    p.ctx.lifecycle!.draining = true
    const res = await p.app.inject({ url: '/readyz' })
    expect(res.statusCode).toBe(503)
    expect(res.json()).toMatchObject({ code: 'not_ready' })
    p.ctx.lifecycle!.draining = false
  })
})
