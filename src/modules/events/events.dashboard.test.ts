import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { dashboardFixture, type DashboardFixture } from '../../../test/support/dashboard.ts'
import { startReceiver, type Receiver } from '../../../test/support/webhook-receiver.ts'
import { expectError } from '../../../test/support/errors.ts'
import { WebhookDispatcher } from '../webhooks/index.ts'
import { insertEvent } from './index.ts'

let p: TestPlatform
let dash: DashboardFixture
let m: Merchant
let r: Receiver

beforeAll(async () => {
  p = await createTestPlatform()
  dash = await dashboardFixture(p)
  m = dash.merchant
  r = await startReceiver()
})
afterAll(async () => {
  await r.close()
  await p.close()
})

const E = '/api/organization/events'

const disabledEvent = (environment: 'sandbox' | 'production', organizationId = m.organizationId) =>
  insertEvent(p.ctx.db, {
    organizationId,
    environment,
    type: 'webhook_endpoint.disabled',
    subjectId: 'we_gone',
    payload: { endpoint_id: 'we_gone', url: 'https://x.test', reason: 'gone', disabled_at: new Date().toISOString() },
  })

describe('GET /api/organization/events/', () => {
  test('newest first, paged with X-Total-Count, filtered by type, one environment at a time', async () => {
    const endpoint = (await dash.post('/api/organization/webhooks/', { url: r.url })).json()
    const checkout = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
    await dash.post('/api/organization/webhooks/resend-transaction/', { transaction_id: checkout.transaction_id })
    const first = await disabledEvent('sandbox')
    const second = await disabledEvent('sandbox')
    const prod = await disabledEvent('production')
    await disabledEvent('sandbox', dash.other.organizationId)

    const all = await dash.as('viewer').get(`${E}/`)
    expect(all.statusCode, all.body).toBe(200)
    const total = Number(all.headers['x-total-count'])
    expect(total).toBe(all.json().length)
    expect(
      all
        .json()
        .slice(0, 2)
        .map((e: any) => e.id),
    ).toEqual([second.public_id, first.public_id])
    expect(all.json().map((e: any) => e.id)).not.toContain(prod.public_id)
    expect(all.json().every((e: any) => e.environment === 'sandbox')).toBe(true)
    const tx = all.json().find((e: any) => e.type === 'transaction.status_changed')
    expect(tx).toMatchObject({ transaction_id: checkout.transaction_id, subject_id: checkout.transaction_id })
    expect(all.json()[0]).toEqual({
      id: second.public_id,
      type: 'webhook_endpoint.disabled',
      environment: 'sandbox',
      subject_id: 'we_gone',
      transaction_id: null,
      created_at: second.created_at.toISOString(),
    })

    const typed = await dash.get(`${E}/?type=webhook_endpoint.disabled&page_size=1&page=2`)
    expect(typed.headers['x-total-count']).toBe('2')
    expect(typed.json().map((e: any) => e.id)).toEqual([first.public_id])
    expect(typed.headers.link).toContain('rel="prev"')
    const production = await dash.get(`${E}/?environment=production`)
    expect(production.json().map((e: any) => e.id)).toEqual([prod.public_id])
    expectError(await dash.get(`/sandbox/api/organization/events/?environment=production`), 403, 'environment_mismatch')
    expect((await dash.get(`${E}/?page_size=500`)).statusCode).toBe(400)
    expect((await dash.as('other').get(`${E}/`)).json().map((e: any) => e.id)).not.toContain(first.public_id)
    await dash.delete(`/api/organization/webhooks/${endpoint.id}/`)
  })

  test('session credentials only', async () => {
    expect((await dash.as(null).get(`${E}/`)).statusCode).toBe(401)
    const withKey = await p.app.inject({ url: `${E}/`, headers: apiKeyHeaders(m.sandboxKey) })
    expectError(withKey, 401, 'wrong_credentials_type')
  })
})

describe('GET /api/organization/events/{id}/', () => {
  test('the payload and every delivery made of it', async () => {
    const endpoint = (await dash.post('/api/organization/webhooks/', { url: r.url })).json()
    const event = await disabledEvent('sandbox')
    await new WebhookDispatcher(p.ctx, { listenUrl: null }).drain()
    await r.waitFor(1)
    const detail = await dash.as('viewer').get(`${E}/${event.public_id}/`)
    expect(detail.statusCode, detail.body).toBe(200)
    expect(detail.json()).toMatchObject({
      id: event.public_id,
      type: 'webhook_endpoint.disabled',
      payload: { event_id: event.public_id, event: 'webhook_endpoint.disabled', endpoint_id: 'we_gone' },
      deliveries: [
        {
          endpoint_id: endpoint.id,
          endpoint_url: r.url,
          kind: 'automatic',
          status: 'succeeded',
          attempts: 1,
          last_status_code: 200,
        },
      ],
    })
    expectError(await dash.get(`${E}/${event.public_id}/?environment=production`), 404, 'not_found')
    expectError(await dash.as('other').get(`${E}/${event.public_id}/`), 404, 'not_found')
    expectError(await dash.get(`${E}/not-an-id/`), 404, 'not_found')
    await dash.delete(`/api/organization/webhooks/${endpoint.id}/`)
  })
})
