import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  apiKeyHeaders,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { login, type RoleTokens, dashboardFixture, type DashboardFixture } from '../../../test/support/dashboard.ts'
import { updateOrganization } from '../organizations/index.ts'
let p: TestPlatform
let dash: DashboardFixture
let m: Merchant
let other: Merchant
let tokens: RoleTokens

beforeAll(async () => {
  p = await createTestPlatform()
  dash = await dashboardFixture(p)
  ;({ merchant: m, other, tokens } = dash)
})
afterAll(() => p.close())

const buyer = {
  billing_country: 'US',
  billing_postal_code: '94103',
  billing_first_name: 'Ada',
  billing_last_name: 'Lovelace',
  billing_email: 'ada@example.com',
}

async function newLink(body: Record<string, unknown> = {}, token = tokens.owner) {
  const res = await dash.as(token).post('/api/payment-links/', {
    name: 'Spring sale',
    products: [{ product_id: m.productId, quantity: 2 }],
    ...body,
  })
  if (res.statusCode !== 201) throw new Error(`create link failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

async function buy(uuid: string, body: Record<string, unknown> = {}) {
  const res = await p.app.inject({
    method: 'POST',
    url: `/api/payment-links/${uuid}/checkout/`,
    payload: { ...buyer, ...body },
  })
  return res
}

describe('create and read', () => {
  test('201 with the uuid as id, the shareable url, the snapshot and defaults from the organization', async () => {
    const link = await newLink({ metadata: { campaign: 'spring' }, max_uses: 5 })
    expect(link.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(link).toMatchObject({
      url: `http://127.0.0.1:8080/l/${link.id}`,
      name: 'Spring sale',
      currency: 'USD',
      pricing_mode: 'TAX_EXCLUSIVE',
      environment: 'sandbox',
      products: [{ product_id: m.productId, name: 'T-shirt', quantity: 2, unit_price: '25.00', amount: '50.00' }],
      total: '50.00',
      max_uses: 5,
      metadata: { campaign: 'spring' },
      is_active: true,
      status: 'active',
      paid_count: 0,
      revenue: '0.00',
      expires_at: null,
    })
    const got = await dash.as('viewer').get(`/api/payment-links/${link.id}/`)
    expect(got.statusCode).toBe(200)
    expect(got.json()).toEqual(link)
    const list = await dash.as('viewer').get('/api/payment-links/')
    expect(list.statusCode).toBe(200)
    expect(list.json().map((l: any) => l.id)).toContain(link.id)
    expect(Number(list.headers['x-total-count'])).toBe(list.json().length)
    const audit = await p.ctx.db.selectFrom('audit_log').selectAll().where('target_id', '=', link.id).execute()
    expect(audit.map((a) => a.action)).toEqual(['payment_link.created'])
  })

  test('EUR and TAX_INCLUSIVE; a TTC organization defaults to TAX_INCLUSIVE', async () => {
    expect(await newLink({ currency: 'EUR', pricing_mode: 'TAX_INCLUSIVE' })).toMatchObject({
      currency: 'EUR',
      pricing_mode: 'TAX_INCLUSIVE',
      total: '46.00',
    })
    const ttc = await createMerchantFixture(p.ctx, { priceMode: 'TTC' })
    const res = await dash.as(await login(p.app, ttc.email, ttc.password)).post('/api/payment-links/', {
      name: 'x',
      products: [{ product_id: ttc.productId }],
    })
    expect(res.json()).toMatchObject({ pricing_mode: 'TAX_INCLUSIVE', total: '25.00' })
  })

  test('environments: production links are filtered apart; the /sandbox/api/ mirror knows sandbox links only', async () => {
    const prod = await newLink({ environment: 'production' })
    expect(prod.environment).toBe('production')
    expect((await dash.get('/api/payment-links/?environment=production')).json().map((l: any) => l.id)).toEqual([
      prod.id,
    ])
    expect((await dash.get('/api/payment-links/?environment=sandbox')).json().map((l: any) => l.id)).not.toContain(
      prod.id,
    )
    expect((await dash.get('/sandbox/api/payment-links/')).json().map((l: any) => l.id)).not.toContain(prod.id)
    expect(
      (
        await dash.post('/sandbox/api/payment-links/', {
          name: 'x',
          products: [{ product_id: m.productId }],
          environment: 'production',
        })
      ).statusCode,
    ).toBe(403)
    expect((await p.app.inject({ url: `/sandbox/api/payment-links/${prod.id}/public/` })).statusCode).toBe(404)
    expect((await dash.get(`/sandbox/api/payment-links/${prod.id}/`)).statusCode).toBe(404)
    expect((await dash.patch(`/sandbox/api/payment-links/${prod.id}/`, { name: 'x' })).statusCode).toBe(404)
    expect((await p.app.inject({ url: `/api/payment-links/${prod.id}/public/` })).json().environment).toBe('production')
  })

  test('bad input → 400 naming every field', async () => {
    const res = await dash.post('/api/payment-links/', {
      name: '',
      products: [],
      currency: 'GBP',
      max_uses: 0,
      pricing_mode: 'HT',
    })
    expect(res.statusCode).toBe(400)
    expect(Object.keys(res.json().errors)).toEqual(
      expect.arrayContaining(['name', 'products', 'currency', 'max_uses', 'pricing_mode']),
    )
    const products = await dash.post('/api/payment-links/', {
      name: 'x',
      products: [{ product_id: 'prod_nope' }, { product_id: other.productId }, { product_id: m.usdOnlyProductId }],
      currency: 'EUR',
    })
    expect(products.statusCode).toBe(400)
    expect(Object.keys(products.json().errors).sort()).toEqual([
      'products.0.product_id',
      'products.1.product_id',
      'products.2.product_id',
    ])
    expect(
      (
        await dash.post('/api/payment-links/', {
          name: 'x',
          products: [{ product_id: m.productId }],
          expires_at: 'tomorrow',
        })
      ).json().errors,
    ).toHaveProperty('expires_at')
    expect(
      (await dash.post('/api/payment-links/', { products: [{ product_id: m.productId }] })).json().errors,
    ).toHaveProperty('name')
  })

  test('totals respect the organization min/max payment', async () => {
    const org = await createMerchantFixture(p.ctx)
    await updateOrganization(p.ctx.db, org.organizationId, { max_payment_minor: 6000, min_payment_minor: 3000 })
    const token = await login(p.app, org.email, org.password)
    const over = await dash.as(token).post('/api/payment-links/', {
      name: 'x',
      products: [{ product_id: org.productId, quantity: 3 }],
    })
    expect(over.statusCode).toBe(400)
    expect(over.json().code).toBe('amount_out_of_range')
    expect(
      (
        await dash.as(token).post('/api/payment-links/', {
          name: 'x',
          products: [{ product_id: org.productId, quantity: 1 }],
        })
      ).json().code,
    ).toBe('amount_out_of_range')
    expect(
      (
        await dash.as(token).post('/api/payment-links/', {
          name: 'x',
          products: [{ product_id: org.productId, quantity: 2 }],
        })
      ).statusCode,
    ).toBe(201)
  })
})

describe('credentials, roles and tenants', () => {
  test('no token → 401; API key → 401 wrong_credentials_type, on every dashboard route', async () => {
    const link = await newLink()
    const routes: Array<['GET' | 'POST' | 'PATCH' | 'DELETE', string]> = [
      ['GET', '/api/payment-links/'],
      ['POST', '/api/payment-links/'],
      ['GET', `/api/payment-links/${link.id}/`],
      ['PATCH', `/api/payment-links/${link.id}/`],
      ['DELETE', `/api/payment-links/${link.id}/`],
      ['GET', `/api/payment-links/${link.id}/payments/`],
    ]
    for (const [method, url] of routes) {
      expect(
        (await dash.as(null).request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {})).statusCode,
        `${method} ${url}`,
      ).toBe(401)
      const withKey = await p.app.inject({
        method,
        url,
        headers: apiKeyHeaders(m.sandboxKey),
        ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
      })
      expect(withKey.statusCode, `${method} ${url}`).toBe(401)
      expect(withKey.json().code).toBe('wrong_credentials_type')
    }
  })

  test('role matrix: every role reads; owners, admins and developers write; viewers get 403', async () => {
    for (const role of ['owner', 'admin', 'developer'] as const) {
      const link = await newLink({}, tokens[role])
      expect((await dash.as(role).patch(`/api/payment-links/${link.id}/`, { name: `by ${role}` })).statusCode).toBe(200)
      expect((await dash.as(role).delete(`/api/payment-links/${link.id}/`)).statusCode).toBe(200)
    }
    const link = await newLink()
    expect(
      (await dash.as('viewer').post('/api/payment-links/', { name: 'x', products: [{ product_id: m.productId }] }))
        .statusCode,
    ).toBe(403)
    expect((await dash.as('viewer').patch(`/api/payment-links/${link.id}/`, { name: 'v' })).json().code).toBe(
      'permission_denied',
    )
    expect((await dash.as('viewer').delete(`/api/payment-links/${link.id}/`)).statusCode).toBe(403)
    for (const url of [
      '/api/payment-links/',
      `/api/payment-links/${link.id}/`,
      `/api/payment-links/${link.id}/payments/`,
    ]) {
      expect((await dash.as('viewer').get(url)).statusCode, url).toBe(200)
    }
  })

  test('another organization sees 404 everywhere and not in its list', async () => {
    const link = await newLink()
    expect((await dash.as('other').get(`/api/payment-links/${link.id}/`)).statusCode).toBe(404)
    expect((await dash.as('other').patch(`/api/payment-links/${link.id}/`, { name: 'mine' })).statusCode).toBe(404)
    expect((await dash.as('other').delete(`/api/payment-links/${link.id}/`)).statusCode).toBe(404)
    expect((await dash.as('other').get(`/api/payment-links/${link.id}/payments/`)).statusCode).toBe(404)
    expect((await dash.as('other').get('/api/payment-links/')).json().map((l: any) => l.id)).not.toContain(link.id)
    expect((await dash.get('/api/payment-links/not-a-uuid/')).statusCode).toBe(404)
    expect((await dash.get(`/api/payment-links/${link.id}/`)).json().name).toBe('Spring sale')
  })
})

describe('snapshot', () => {
  test('later catalog changes do not change the link, its public view or what the buyer pays', async () => {
    const link = await newLink()
    const patched = await dash.patch(`/api/products/${m.productId}/`, {
      name: 'Renamed',
      prices: [{ currency: 'USD', amount: '99.00' }],
    })
    expect(patched.statusCode).toBe(200)
    const after = (await dash.get(`/api/payment-links/${link.id}/`)).json()
    expect(after.products).toEqual(link.products)
    const pub = await p.app.inject({ url: `/api/payment-links/${link.id}/public/` })
    expect(pub.json()).toMatchObject({ products: [{ name: 'T-shirt', unit_price: '25.00' }], total: '50.00' })
    const checkout = await buy(link.id)
    expect(checkout.json()).toMatchObject({ amount: '50.00', currency: 'USD' })
    // In use by a link: deleting the product archives it.
    expect((await dash.delete(`/api/products/${m.productId}/`)).json()).toMatchObject({
      id: m.productId,
      status: 'archived',
    })
    expect((await buy(link.id)).statusCode).toBe(201)
    await dash.patch(`/api/products/${m.productId}/`, {
      name: 'T-shirt',
      status: 'active',
      prices: [
        { currency: 'USD', amount: '25.00' },
        { currency: 'EUR', amount: '23.00' },
      ],
    })
  })
})
