import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  createCheckoutViaApi,
  checkoutBody,
  apiKeyHeaders,
  type TestPlatform,
  type Merchant,
} from '../../../test/support/platform.ts'
import { roleTokens, tokenHeaders, type RoleTokens } from '../../../test/support/dashboard.ts'

let p: TestPlatform
let m: Merchant
let other: Merchant
let t: RoleTokens
let otherOwner: string
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  other = await createMerchantFixture(p.ctx)
  t = await roleTokens(p.ctx, p.app, m.organizationId, m)
  otherOwner = (await roleTokens(p.ctx, p.app, other.organizationId, other)).owner
})
afterAll(() => p.close())

const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string, payload?: unknown) =>
  p.app.inject({
    method,
    url,
    headers: tokenHeaders(token),
    ...(payload === undefined ? {} : { payload: payload as object }),
  })
const hoodie = {
  name: 'Hoodie',
  description: 'Warm',
  prices: [
    { currency: 'USD', amount: '49.99' },
    { currency: 'EUR', amount: '45.00' },
  ],
}

describe('create and read', () => {
  test('owners, admins and developers create; the product reads back with decimal prices', async () => {
    for (const role of ['owner', 'admin', 'developer'] as const) {
      const res = await req('POST', '/api/products/', t[role], hoodie)
      expect(res.statusCode).toBe(201)
      expect(res.json()).toMatchObject({
        name: 'Hoodie',
        description: 'Warm',
        status: 'active',
        recurring_interval: null,
        prices: [
          { currency: 'EUR', amount: '45.00', recurring_interval: null },
          { currency: 'USD', amount: '49.99', recurring_interval: null },
        ],
      })
      expect(res.json().id).toMatch(/^prod_/)
    }
    const created = (await req('POST', '/api/products/', t.owner, hoodie)).json()
    expect((await req('GET', `/api/products/${created.id}/`, t.viewer)).json()).toEqual(created)
  })

  test('recurring interval for subscriptions', async () => {
    const res = await req('POST', '/api/products/', t.owner, {
      name: 'Pro plan',
      prices: [{ currency: 'USD', amount: '9.00' }],
      recurring_interval: 'month',
    })
    expect(res.json()).toMatchObject({ recurring_interval: 'month', prices: [{ recurring_interval: 'month' }] })
  })

  test('viewers → 403', async () => {
    expect((await req('POST', '/api/products/', t.viewer, hoodie)).statusCode).toBe(403)
  })

  test('bad input → 400 naming every field', async () => {
    const res = await req('POST', '/api/products/', t.owner, {
      name: ' ',
      prices: [
        { currency: 'USD', amount: '1.999' },
        { currency: 'USD', amount: '0' },
      ],
    })
    expect(res.statusCode).toBe(400)
    expect(Object.keys(res.json().errors).sort()).toEqual([
      'name',
      'prices.0.amount',
      'prices.1.amount',
      'prices.1.currency',
    ])
    const schema = await req('POST', '/api/products/', t.owner, { name: 'X', prices: [{ currency: 'GBP', amount: 5 }] })
    expect(Object.keys(schema.json().errors).sort()).toEqual(['prices.0.amount', 'prices.0.currency'])
    expect((await req('POST', '/api/products/', t.owner, { name: 'X', prices: [] })).statusCode).toBe(400)
  })

  test('list with paging, status filter and X-Total-Count; another organization sees none of it', async () => {
    const res = await req('GET', '/api/products/?page_size=2', t.viewer)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toHaveLength(2)
    const total = Number(res.headers['x-total-count'])
    expect(total).toBeGreaterThanOrEqual(7)
    const page2 = await req('GET', `/api/products/?page_size=2&page=2&status=active`, t.viewer)
    expect(page2.json()[0].id).not.toBe(res.json()[0].id)
    // RFC 8288 Link to the neighbours, keeping the other filters.
    expect(res.headers.link).toContain('page=2&page_size=2>; rel="next"')
    expect(page2.headers.link).toContain('status=active&page=1&page_size=2>; rel="prev"')
    expect(page2.headers.link).toContain('rel="last"')
    const mine = res.json()[0].id
    expect((await req('GET', `/api/products/${mine}/`, otherOwner)).statusCode).toBe(404)
    expect((await req('GET', '/api/products/', otherOwner)).json().some((x: { id: string }) => x.id === mine)).toBe(
      false,
    )
  })
})

describe('update', () => {
  test('name, description, prices (replacing the list) and archive/restore; audited with before/after', async () => {
    const product = (await req('POST', '/api/products/', t.owner, hoodie)).json()
    const res = await req('PATCH', `/api/products/${product.id}/`, t.developer, {
      name: 'Hoodie v2',
      description: null,
      prices: [{ currency: 'USD', amount: '59.00' }],
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      name: 'Hoodie v2',
      description: null,
      prices: [{ currency: 'USD', amount: '59.00' }],
    })
    expect(res.json().prices).toHaveLength(1)
    const [entry] = (await req('GET', '/api/organization/audit-log/?action=product.updated', t.owner)).json()
    expect(entry).toMatchObject({
      target: { type: 'product', id: product.id },
      before: { name: 'Hoodie', prices: ['45.00 EUR', '49.99 USD'] },
      after: { name: 'Hoodie v2', prices: ['59.00 USD'] },
    })
    expect((await req('PATCH', `/api/products/${product.id}/`, t.owner, { status: 'archived' })).json().status).toBe(
      'archived',
    )
    expect((await req('PATCH', `/api/products/${product.id}/`, t.owner, { status: 'active' })).json().status).toBe(
      'active',
    )
  })

  test('roles, validation, other tenant', async () => {
    const product = (await req('POST', '/api/products/', t.owner, hoodie)).json()
    expect((await req('PATCH', `/api/products/${product.id}/`, t.viewer, { name: 'x' })).statusCode).toBe(403)
    expect((await req('PATCH', `/api/products/${product.id}/`, otherOwner, { name: 'x' })).statusCode).toBe(404)
    const bad = await req('PATCH', `/api/products/${product.id}/`, t.owner, {
      name: '',
      prices: [{ currency: 'EUR', amount: '-1' }],
    })
    expect(bad.statusCode).toBe(400)
    expect(Object.keys(bad.json().errors).sort()).toEqual(['name', 'prices.0.amount'])
  })
})

describe('delete', () => {
  test('an unused product is deleted', async () => {
    const product = (await req('POST', '/api/products/', t.owner, hoodie)).json()
    const res = await req('DELETE', `/api/products/${product.id}/`, t.developer)
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expect((await req('GET', `/api/products/${product.id}/`, t.owner)).statusCode).toBe(404)
    expect((await req('DELETE', `/api/products/${product.id}/`, t.owner)).statusCode).toBe(404)
  })

  test('a product used by a checkout is archived instead, and can no longer be sold', async () => {
    const product = (await req('POST', '/api/products/', t.owner, hoodie)).json()
    await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(product.id))
    const res = await req('DELETE', `/api/products/${product.id}/`, t.admin)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      id: product.id,
      status: 'archived',
      name: 'Hoodie',
      prices: [{ currency: 'EUR' }, { currency: 'USD' }],
    })
    expect((await req('GET', `/api/products/${product.id}/`, t.owner)).json().status).toBe('archived')
    const checkout = await p.app.inject({
      method: 'POST',
      url: '/api/checkout/create/',
      headers: apiKeyHeaders(m.sandboxKey),
      payload: checkoutBody(product.id),
    })
    expect(checkout.statusCode).toBe(400)
    const actions = (await req('GET', '/api/organization/audit-log/?target_type=product', t.owner))
      .json()
      .map((e: { action: string }) => e.action)
    expect(actions).toContain('product.archived')
    expect(actions).toContain('product.deleted')
  })

  test('roles and other tenant', async () => {
    const product = (await req('POST', '/api/products/', t.owner, hoodie)).json()
    expect((await req('DELETE', `/api/products/${product.id}/`, t.viewer)).statusCode).toBe(403)
    expect((await req('DELETE', `/api/products/${product.id}/`, otherOwner)).statusCode).toBe(404)
    expect((await req('GET', `/api/products/${product.id}/`, t.owner)).statusCode).toBe(200)
  })
})
