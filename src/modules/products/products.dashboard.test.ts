import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createCheckoutViaApi,
  checkoutBody,
  apiKeyHeaders,
  type TestPlatform,
  type Merchant,
} from '../../../test/support/platform.ts'
import { dashboardFixture, type DashboardFixture } from '../../../test/support/dashboard.ts'

let p: TestPlatform
let dash: DashboardFixture
let m: Merchant
beforeAll(async () => {
  p = await createTestPlatform()
  dash = await dashboardFixture(p)
  ;({ merchant: m } = dash)
})
afterAll(() => p.close())

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
      const res = await dash.as(role).post('/api/products/', hoodie)
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
    const created = (await dash.post('/api/products/', hoodie)).json()
    expect((await dash.as('viewer').get(`/api/products/${created.id}/`)).json()).toEqual(created)
  })

  test('recurring interval for subscriptions', async () => {
    const res = await dash.post('/api/products/', {
      name: 'Pro plan',
      prices: [{ currency: 'USD', amount: '9.00' }],
      recurring_interval: 'month',
    })
    expect(res.json()).toMatchObject({ recurring_interval: 'month', prices: [{ recurring_interval: 'month' }] })
  })

  test('viewers → 403', async () => {
    expect((await dash.as('viewer').post('/api/products/', hoodie)).statusCode).toBe(403)
  })

  test('bad input → 400 naming every field', async () => {
    const res = await dash.post('/api/products/', {
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
    const schema = await dash.post('/api/products/', { name: 'X', prices: [{ currency: 'GBP', amount: 5 }] })
    expect(Object.keys(schema.json().errors).sort()).toEqual(['prices.0.amount', 'prices.0.currency'])
    expect((await dash.post('/api/products/', { name: 'X', prices: [] })).statusCode).toBe(400)
  })

  test('list with paging, status filter and X-Total-Count; another organization sees none of it', async () => {
    const res = await dash.as('viewer').get('/api/products/?page_size=2')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toHaveLength(2)
    const total = Number(res.headers['x-total-count'])
    expect(total).toBeGreaterThanOrEqual(7)
    const page2 = await dash.as('viewer').get(`/api/products/?page_size=2&page=2&status=active`)
    expect(page2.json()[0].id).not.toBe(res.json()[0].id)
    // RFC 8288 Link to the neighbours, keeping the other filters.
    expect(res.headers.link).toContain('page=2&page_size=2>; rel="next"')
    expect(page2.headers.link).toContain('status=active&page=1&page_size=2>; rel="prev"')
    expect(page2.headers.link).toContain('rel="last"')
    const mine = res.json()[0].id
    expect((await dash.as('other').get(`/api/products/${mine}/`)).statusCode).toBe(404)
    expect((await dash.as('other').get('/api/products/')).json().some((x: { id: string }) => x.id === mine)).toBe(false)
  })
})

describe('update', () => {
  test('name, description, prices (replacing the list) and archive/restore; audited with before/after', async () => {
    const product = (await dash.post('/api/products/', hoodie)).json()
    const res = await dash.as('developer').patch(`/api/products/${product.id}/`, {
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
    const [entry] = (await dash.get('/api/organization/audit-log/?action=product.updated')).json()
    expect(entry).toMatchObject({
      target: { type: 'product', id: product.id },
      before: { name: 'Hoodie', prices: ['45.00 EUR', '49.99 USD'] },
      after: { name: 'Hoodie v2', prices: ['59.00 USD'] },
    })
    expect((await dash.patch(`/api/products/${product.id}/`, { status: 'archived' })).json().status).toBe('archived')
    expect((await dash.patch(`/api/products/${product.id}/`, { status: 'active' })).json().status).toBe('active')
  })

  test('roles, validation, other tenant', async () => {
    const product = (await dash.post('/api/products/', hoodie)).json()
    expect((await dash.as('viewer').patch(`/api/products/${product.id}/`, { name: 'x' })).statusCode).toBe(403)
    expect((await dash.as('other').patch(`/api/products/${product.id}/`, { name: 'x' })).statusCode).toBe(404)
    const bad = await dash.patch(`/api/products/${product.id}/`, {
      name: '',
      prices: [{ currency: 'EUR', amount: '-1' }],
    })
    expect(bad.statusCode).toBe(400)
    expect(Object.keys(bad.json().errors).sort()).toEqual(['name', 'prices.0.amount'])
  })
})

describe('delete', () => {
  test('an unused product is deleted', async () => {
    const product = (await dash.post('/api/products/', hoodie)).json()
    const res = await dash.as('developer').delete(`/api/products/${product.id}/`)
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expect((await dash.get(`/api/products/${product.id}/`)).statusCode).toBe(404)
    expect((await dash.delete(`/api/products/${product.id}/`)).statusCode).toBe(404)
  })

  test('a product used by a checkout is archived instead, and can no longer be sold', async () => {
    const product = (await dash.post('/api/products/', hoodie)).json()
    await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(product.id))
    const res = await dash.as('admin').delete(`/api/products/${product.id}/`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      id: product.id,
      status: 'archived',
      name: 'Hoodie',
      prices: [{ currency: 'EUR' }, { currency: 'USD' }],
    })
    expect((await dash.get(`/api/products/${product.id}/`)).json().status).toBe('archived')
    const checkout = await p.app.inject({
      method: 'POST',
      url: '/api/checkout/create/',
      headers: apiKeyHeaders(m.sandboxKey),
      payload: checkoutBody(product.id),
    })
    expect(checkout.statusCode).toBe(400)
    const actions = (await dash.get('/api/organization/audit-log/?target_type=product'))
      .json()
      .map((e: { action: string }) => e.action)
    expect(actions).toContain('product.archived')
    expect(actions).toContain('product.deleted')
  })

  test('roles and other tenant', async () => {
    const product = (await dash.post('/api/products/', hoodie)).json()
    expect((await dash.as('viewer').delete(`/api/products/${product.id}/`)).statusCode).toBe(403)
    expect((await dash.as('other').delete(`/api/products/${product.id}/`)).statusCode).toBe(404)
    expect((await dash.get(`/api/products/${product.id}/`)).statusCode).toBe(200)
  })
})
