import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { type RoleTokens, dashboardFixture, type DashboardFixture } from '../../../test/support/dashboard.ts'
import { startReceiver, type Receiver } from '../../../test/support/webhook-receiver.ts'
import { hmacSha256Hex } from '../../lib/crypto.ts'
import { WebhookDispatcher } from './dispatcher.ts'

let p: TestPlatform
let dash: DashboardFixture
let m: Merchant
let tokens: RoleTokens
let r: Receiver

beforeAll(async () => {
  p = await createTestPlatform()
  dash = await dashboardFixture(p)
  ;({ merchant: m, tokens } = dash)
  r = await startReceiver()
})
afterAll(async () => {
  await r.close()
  await p.close()
})

const W = '/api/organization/webhooks'
const drain = () => new WebhookDispatcher(p.ctx, { listenUrl: null }).drain()
const auditOf = (target: string) =>
  p.ctx.db
    .selectFrom('audit_log')
    .select(['action', 'before', 'after'])
    .where('target_id', '=', target)
    .orderBy('id')
    .execute()

async function newEndpoint(body: Record<string, unknown> = {}, token = tokens.owner) {
  const res = await dash.as(token).post(`${W}/`, { url: r.url, ...body })
  if (res.statusCode !== 201) throw new Error(`create endpoint failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

describe('endpoints', () => {
  test('create shows the secret once; list and get never do; update, rotate and delete are audited', async () => {
    const created = await newEndpoint({ description: 'Shop', event_types: ['transaction.status_changed'] })
    expect(created).toMatchObject({
      id: expect.stringMatching(/^we_/),
      url: r.url,
      environment: 'sandbox',
      enabled: true,
      event_types: ['transaction.status_changed'],
      secret: expect.stringMatching(/^whsec_/),
    })
    const list = await dash.as('viewer').get(`${W}/`)
    expect(list.statusCode).toBe(200)
    expect(list.json().map((e: any) => e.id)).toContain(created.id)
    expect(list.body).not.toContain(created.secret)
    const got = await dash.as('viewer').get(`${W}/${created.id}/`)
    expect(got.json()).not.toHaveProperty('secret')
    const patched = await dash.as('developer').patch(`${W}/${created.id}/`, { enabled: false, event_types: [] })
    expect(patched.json()).toMatchObject({
      enabled: false,
      event_types: [],
      disabled_reason: 'Disabled by the merchant.',
    })
    const rotated = await dash.as('admin').post(`${W}/${created.id}/rotate-secret/`)
    expect(rotated.statusCode).toBe(200)
    expect(rotated.json().secret).toMatch(/^whsec_/)
    expect(rotated.json().secret).not.toBe(created.secret)
    const deleted = await dash.delete(`${W}/${created.id}/`)
    expect(deleted.json()).toEqual({ id: created.id, deleted: true })
    expect((await dash.get(`${W}/${created.id}/`)).statusCode).toBe(404)
    expect((await auditOf(created.id)).map((a) => a.action)).toEqual([
      'webhook_endpoint.created',
      'webhook_endpoint.updated',
      'webhook_endpoint.secret_rotated',
      'webhook_endpoint.deleted',
    ])
    const update = (await auditOf(created.id))[1]
    expect(update.before).toEqual({ event_types: ['transaction.status_changed'], enabled: true })
    expect(JSON.stringify(await auditOf(created.id))).not.toContain('whsec_')
  })

  test('environments: production endpoints are listed apart and reached by id', async () => {
    const prod = await newEndpoint({ environment: 'production' })
    expect(prod.environment).toBe('production')
    expect((await dash.get(`${W}/?environment=production`)).json().map((e: any) => e.id)).toEqual([prod.id])
    expect((await dash.get(`${W}/?environment=sandbox`)).json().map((e: any) => e.id)).not.toContain(prod.id)
    expect((await dash.get(`${W}/${prod.id}/`)).json().environment).toBe('production')
    expect((await dash.get(`/sandbox/api/organization/webhooks/${prod.id}/`)).statusCode).toBe(404)
    await dash.delete(`${W}/${prod.id}/`)
  })

  test('bad input → 400 naming the fields', async () => {
    const res = await dash.post(`${W}/`, { url: 'not a url', event_types: ['Nope'] })
    expect(res.statusCode).toBe(400)
    expect(Object.keys(res.json().errors).sort()).toEqual(['event_types.0', 'url'])
    expect((await dash.post(`${W}/`, {})).json().errors).toHaveProperty('url')
    const e = await newEndpoint()
    expect((await dash.patch(`${W}/${e.id}/`, { enabled: 'yes' })).statusCode).toBe(400)
    await dash.delete(`${W}/${e.id}/`)
  })

  test('credentials, role matrix and tenants', async () => {
    const e = await newEndpoint()
    expect((await dash.as(null).get(`${W}/`)).statusCode).toBe(401)
    const withKey = await p.app.inject({ url: `${W}/`, headers: apiKeyHeaders(m.sandboxKey) })
    expect(withKey.statusCode).toBe(401)
    expect(withKey.json().code).toBe('wrong_credentials_type')
    for (const [method, url, body] of [
      ['POST', `${W}/`, { url: r.url }],
      ['PATCH', `${W}/${e.id}/`, { enabled: false }],
      ['DELETE', `${W}/${e.id}/`, undefined],
      ['POST', `${W}/${e.id}/rotate-secret/`, undefined],
      ['POST', `${W}/${e.id}/test/`, undefined],
      ['POST', `${W}/test/`, {}],
      ['POST', `${W}/resend-transaction/`, { transaction_id: 'TXx' }],
      ['POST', `${W}/resend/`, { event_id: 'evt_x', endpoint_id: e.id }],
    ] as const) {
      const res = await dash.as('viewer').request(method, url, body)
      expect(res.statusCode, `${method} ${url}`).toBe(403)
    }
    for (const url of [`${W}/`, `${W}/${e.id}/`, `${W}/deliveries/`])
      expect((await dash.as('viewer').get(url)).statusCode, url).toBe(200)
    for (const [method, url] of [
      ['GET', `${W}/${e.id}/`],
      ['PATCH', `${W}/${e.id}/`],
      ['DELETE', `${W}/${e.id}/`],
      ['POST', `${W}/${e.id}/rotate-secret/`],
      ['POST', `${W}/${e.id}/test/`],
    ] as const) {
      expect(
        (await dash.as('other').request(method, url, method === 'PATCH' ? { enabled: false } : undefined)).statusCode,
        `${method} ${url}`,
      ).toBe(404)
    }
    expect((await dash.as('other').get(`${W}/`)).json().map((x: any) => x.id)).not.toContain(e.id)
    await dash.delete(`${W}/${e.id}/`)
  })
})

describe('test events, deliveries, resends', () => {
  test("send a test event; the delivery and its attempts are listed; resend it; resend a payment's transaction.status_changed", async () => {
    const e = await newEndpoint()
    const sent = await dash.as('developer').post(`${W}/${e.id}/test/`)
    expect(sent.statusCode, sent.body).toBe(200)
    expect(sent.json().deliveries).toEqual([
      expect.objectContaining({ endpoint_id: e.id, event_type: 'webhook.test', kind: 'test', status: 'pending' }),
    ])
    await drain()
    const [request] = await r.waitFor(1)
    expect(request.headers['x-webhook-event']).toBe('webhook.test')
    const signature = `sha256=${hmacSha256Hex(e.secret, request.body)}`
    expect(request.headers['x-webhook-signature']).toBe(signature)

    const deliveries = await dash.as('viewer').get(`${W}/deliveries/?endpoint_id=${e.id}`)
    expect(deliveries.json()[0]).toMatchObject({
      delivery_id: sent.json().deliveries[0].delivery_id,
      status: 'succeeded',
      attempts: 1,
      last_status_code: 200,
    })
    const detail = await dash.as('viewer').get(`${W}/deliveries/${sent.json().deliveries[0].delivery_id}/`)
    expect(detail.json()).toMatchObject({
      status: 'succeeded',
      attempts: [{ attempt_number: 1, status_code: 200, response_body: 'ok' }],
    })
    expect((await dash.as('other').get(`${W}/deliveries/${sent.json().deliveries[0].delivery_id}/`)).statusCode).toBe(
      404,
    )

    const resent = await dash.post(`${W}/resend/`, {
      event_id: sent.json().event_id,
      endpoint_id: e.id,
    })
    expect(resent.statusCode, resent.body).toBe(200)
    expect(resent.json().deliveries[0]).toMatchObject({ kind: 'replay', event_id: sent.json().event_id })
    expect(resent.json().deliveries[0].delivery_id).not.toBe(sent.json().deliveries[0].delivery_id)

    const page1 = (await dash.as('viewer').get(`${W}/deliveries/?endpoint_id=${e.id}&limit=1`)).json()
    expect(page1.map((x: any) => x.delivery_id)).toEqual([resent.json().deliveries[0].delivery_id])
    const page2 = (await dash.as('viewer').get(`${W}/deliveries/?limit=1&before=${page1[0].delivery_id}`)).json()
    expect(page2.map((x: any) => x.delivery_id)).toEqual([sent.json().deliveries[0].delivery_id])
    expect((await dash.as('other').get(`${W}/deliveries/?before=${page1[0].delivery_id}`)).statusCode).toBe(404)
    const checkout = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
    const tx = await dash.as('admin').post(`${W}/resend-transaction/`, { transaction_id: checkout.transaction_id })
    expect(tx.statusCode, tx.body).toBe(200)
    expect(tx.json().deliveries[0]).toMatchObject({ event_type: 'transaction.status_changed', kind: 'resend' })
    const alias = await dash.as('admin').post(`/api/payments/${checkout.transaction_id}/resend-webhook/`)
    expect(alias.json().event_id).toBe(tx.json().event_id)
    await drain()
    const received = await r.waitFor(4)
    const payload = JSON.parse(
      received.find((q) => q.headers['x-webhook-event'] === 'transaction.status_changed')!.body,
    )
    expect(payload).toMatchObject({ transaction_id: checkout.transaction_id, status: 'processing' })
    expect(
      (await dash.as('other').post(`${W}/resend-transaction/`, { transaction_id: checkout.transaction_id })).statusCode,
    ).toBe(404)
    expect((await auditOf(checkout.transaction_id)).map((a) => a.action)).toEqual([
      'webhook.transaction_resent',
      'webhook.transaction_resent',
    ])
    expect((await auditOf(e.id)).map((a) => a.action)).toContain('webhook.test_sent')
    await dash.delete(`${W}/${e.id}/`)
  })

  test('nothing to send to → 400; unknown event → 404', async () => {
    const none = await dash.post(`${W}/test/`, { environment: 'production' })
    expect(none.statusCode).toBe(400)
    expect(none.json().code).toBe('no_webhook_endpoints')
    expect((await dash.post(`${W}/resend/`, { event_id: 'evt_nothing', endpoint_id: 'we_nothing' })).statusCode).toBe(
      404,
    )
  })
})
