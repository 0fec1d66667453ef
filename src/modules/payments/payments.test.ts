import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { login, roleTokens, tokenHeaders, type RoleTokens } from '../../../test/support/dashboard.ts'
import { CARDS, card, postCheckout, tokenOf } from '../../../test/support/checkout.ts'

let p: TestPlatform
let m: Merchant
let other: Merchant
let tokens: RoleTokens
let otherToken: string
const ids: Record<string, string> = {}

beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  other = await createMerchantFixture(p.ctx)
  tokens = await roleTokens(p.ctx, p.app, m.organizationId, m)
  otherToken = await login(p.app, other.email, other.password)
  const pay = async (body: Record<string, unknown>, cardNumber: string | null, key = m.sandboxKey) => {
    const c = await createCheckoutViaApi(p.app, key, body)
    if (cardNumber) await postCheckout(p.app, 'pay', { token: tokenOf(c.checkout_url), card: card(cardNumber) })
    return c
  }
  ids.paid = (
    await pay(checkoutBody(m.productId, { billing_email: 'grace@example.com' }), CARDS.success)
  ).transaction_id
  const declined = await pay(checkoutBody(m.usdOnlyProductId), CARDS.declined)
  ids.declined = declined.transaction_id
  ids.declinedOrder = declined.order_id
  ids.eur = (
    await pay(
      checkoutBody(m.productId, { currency: 'EUR', billing_country: 'DE', billing_postal_code: undefined }),
      CARDS.success,
    )
  ).transaction_id
  p.clock.advance(60_000)
  ids.open = (await pay(checkoutBody(m.productId), null)).transaction_id
  ids.production = (await pay(checkoutBody(m.productId), null, m.productionKey)).transaction_id
  ids.other = (await pay(checkoutBody(other.productId), CARDS.success, other.sandboxKey)).transaction_id
})
afterAll(() => p.close())

const get = (url: string, token: string | null = tokens.viewer) =>
  p.app.inject({ url, headers: token ? tokenHeaders(token) : {} })
const idsOf = (res: { json(): any }) => res.json().map((x: any) => x.id)

describe('GET /api/payments/', () => {
  test('newest first, sandbox by default (the dashboard environment selector), never another organization', async () => {
    const res = await get('/api/payments/')
    expect(res.statusCode).toBe(200)
    expect(idsOf(res)).toEqual([ids.open, ids.eur, ids.declined, ids.paid])
    expect(idsOf(res)).not.toContain(ids.other)
    expect(res.headers['x-total-count']).toBe('4')
    expect(res.json().find((x: any) => x.id === ids.paid)).toMatchObject({
      status: 'paid',
      currency: 'USD',
      gross_amount: '25.00',
      payer_email: 'grace@example.com',
      environment: 'sandbox',
      card: { last4: '4242' },
    })
  })

  test('filters: environment, status, currency, dates, search by id, email and order id', async () => {
    expect(idsOf(await get('/api/payments/?environment=production'))).toEqual([ids.production])
    expect(idsOf(await get('/api/payments/?environment=sandbox&status=paid')).sort()).toEqual(
      [ids.paid, ids.eur].sort(),
    )
    expect(idsOf(await get('/api/payments/?status=failed'))).toEqual([])
    expect(idsOf(await get('/api/payments/?currency=EUR'))).toEqual([ids.eur])
    expect(idsOf(await get(`/api/payments/?search=${ids.paid}`))).toEqual([ids.paid])
    expect(idsOf(await get('/api/payments/?search=GRACE@example'))).toEqual([ids.paid])
    expect(idsOf(await get(`/api/payments/?search=${ids.declinedOrder}`))).toEqual([ids.declined])
    const cut = new Date(p.clock.now().getTime() - 30_000).toISOString()
    expect(idsOf(await get(`/api/payments/?created_at__gte=${cut}`))).toEqual([ids.open])
    expect(idsOf(await get(`/api/payments/?created_at__lte=${cut}`))).toHaveLength(3)
    expect(idsOf(await get(`/api/payments/?search=${ids.other}`))).toEqual([])
  })

  test('paging like GET /api/refunds/: page, page_size, X-Total-Count and Link', async () => {
    const first = await get('/api/payments/?page_size=2&ordering=created_at&environment=sandbox')
    expect(first.json()).toHaveLength(2)
    expect(first.headers['x-total-count']).toBe('4')
    expect(first.headers.link).toContain('rel="next"')
    expect(first.headers.link).toContain('page=2')
    expect(first.headers.link).toContain('environment=sandbox')
    const last = await get('/api/payments/?page_size=2&page=2&ordering=created_at&environment=sandbox')
    expect(last.json()).toHaveLength(2)
    expect(last.headers.link).not.toContain('rel="next"')
    const all = [...idsOf(first), ...idsOf(last)]
    expect(all).toEqual([ids.paid, ids.declined, ids.eur, ids.open])
  })

  test('bad input → 400 naming the field; credentials', async () => {
    const bad = await get('/api/payments/?status=nope&created_at__gte=yesterday&page=0')
    expect(bad.statusCode).toBe(400)
    const dates = await get('/api/payments/?created_at__gte=yesterday')
    expect(dates.json().errors).toHaveProperty('created_at__gte')
    expect((await get('/api/payments/', null)).statusCode).toBe(401)
    const withKey = await p.app.inject({ url: '/api/payments/', headers: apiKeyHeaders(m.sandboxKey) })
    expect(withKey.statusCode).toBe(401)
    expect(withKey.json().code).toBe('wrong_credentials_type')
    for (const role of ['owner', 'admin', 'developer', 'viewer'] as const)
      expect((await get('/api/payments/', tokens[role])).statusCode).toBe(200)
    const mirror = await get('/sandbox/api/payments/?environment=production')
    expect(mirror.statusCode).toBe(403)
    expect(idsOf(await get('/sandbox/api/payments/'))).not.toContain(ids.production)
  })
})

describe('GET /api/payments/{id}/', () => {
  test('detail with attempts (newest first), refunds and events', async () => {
    const res = await get(`/api/payments/${ids.declined}/`)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({
      id: ids.declined,
      status: 'processing',
      billing: { first_name: 'Ada', country: 'US', postal_code: '94103' },
      refunds: [],
    })
    expect(body.attempts).toHaveLength(1)
    expect(body.attempts[0]).toMatchObject({
      status: 'requires_payment_method',
      errorMessage: 'Your card was declined.',
    })
    expect(body.events.length).toBeGreaterThan(0)
    expect(body.events[0]).toMatchObject({ type: 'transaction.status_changed', id: expect.stringMatching(/^evt_/) })
    const byNumeric = await get(`/api/payments/${body.numeric_id}/`)
    expect(byNumeric.json().id).toBe(ids.declined)
    const paid = (await get(`/api/payments/${ids.paid}/`)).json()
    expect(paid.events.map((e: any) => e.status)).toContain('paid')
    expect(paid.products).toEqual([{ id: m.productId, name: 'T-shirt', quantity: 1, unit_price: '25.00' }])
  })

  test('another organization → 404; unknown → 404; credentials', async () => {
    expect((await get(`/api/payments/${ids.paid}/`, otherToken)).statusCode).toBe(404)
    expect((await get('/api/payments/TXnothing/')).statusCode).toBe(404)
    expect((await get('/api/payments/%20/')).statusCode).toBe(404)
    expect((await get(`/api/payments/${ids.paid}/`, null)).statusCode).toBe(401)
    expect(
      (await p.app.inject({ url: `/api/payments/${ids.paid}/`, headers: apiKeyHeaders(m.sandboxKey) })).statusCode,
    ).toBe(401)
    expect((await get(`/api/payments/${ids.production}/?environment=sandbox`)).statusCode).toBe(404)
    expect((await get(`/api/payments/${ids.production}/`)).json().environment).toBe('production')
  })
})
