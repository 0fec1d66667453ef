import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { roleTokens, tokenHeaders } from '../support/dashboard.ts'
import { tokenOf } from '../support/checkout.ts'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'

// The security headers of every kind of page, written out here so that a loosened policy fails.
// Helmet sets them; one table (src/http/security-headers.ts) says which page gets which.

const CHECKOUT_CSP =
  "default-src 'none';script-src 'self';style-src 'self';img-src 'self';connect-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'none'"
const DASHBOARD_CSP =
  "default-src 'none';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'none'"

let p: TestPlatform
let m: Merchant
let checkoutPath: string
let linkPath: string
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  const session = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
  checkoutPath = `/checkout/${tokenOf(session.checkout_url)}`
  const tokens = await roleTokens(p.ctx, p.app, m.organizationId, m)
  const link = await p.app.inject({
    method: 'POST',
    url: '/api/payment-links/',
    headers: tokenHeaders(tokens.owner),
    payload: { name: 'Headers', products: [{ product_id: m.productId, quantity: 1 }] },
  })
  expect(link.statusCode, link.body).toBe(201)
  linkPath = `/l/${link.json().id}`
})
afterAll(() => p.close())

type Headers = Record<string, unknown>

function expectPageHeaders(headers: Headers, csp: string, referrer: string) {
  expect(headers['content-security-policy']).toBe(csp)
  expect(headers['x-frame-options']).toBe('DENY')
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe(referrer)
  expect(headers['cross-origin-opener-policy']).toBe('same-origin')
  expect(headers['x-xss-protection']).toBe('0')
  // Plain http must keep working (local use, TLS ended by a proxy): HSTS is the proxy's call.
  expect(headers['strict-transport-security']).toBeUndefined()
}

describe('security headers', () => {
  test('the hosted checkout page: strict CSP, never framed, no referrer, not cached', async () => {
    const page = await p.app.inject({ url: checkoutPath })
    expect(page.statusCode).toBe(200)
    expectPageHeaders(page.headers, CHECKOUT_CSP, 'no-referrer')
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
  })

  test('the checkout error pages (invalid link) carry the same headers', async () => {
    const page = await p.app.inject({ url: '/checkout/not-a-token' })
    expect(page.statusCode).toBe(404)
    expectPageHeaders(page.headers, CHECKOUT_CSP, 'no-referrer')
  })

  test("the checkout page's script and stylesheet: nosniff and the page policy", async () => {
    const page = await p.app.inject({ url: checkoutPath })
    const assets = [...page.body.matchAll(/(?:src|href)="(\/checkout\/assets\/[^"]+)"/g)].map((x) => x[1])
    expect(assets).toHaveLength(2)
    for (const url of assets) {
      const asset = await p.app.inject({ url })
      expect(asset.statusCode).toBe(200)
      expectPageHeaders(asset.headers, CHECKOUT_CSP, 'no-referrer')
    }
  })

  test('the payment link page, its form errors and an unknown link', async () => {
    const page = await p.app.inject({ url: linkPath })
    expect(page.statusCode).toBe(200)
    expectPageHeaders(page.headers, CHECKOUT_CSP, 'no-referrer')
    expect(page.headers['cache-control']).toBe('no-store')
    const invalid = await p.app.inject({
      method: 'POST',
      url: linkPath,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'billing_first_name=Ada',
    })
    expect(invalid.statusCode).toBe(400)
    expectPageHeaders(invalid.headers, CHECKOUT_CSP, 'no-referrer')
    const unknown = await p.app.inject({ url: '/l/00000000-0000-4000-8000-000000000000' })
    expect(unknown.statusCode).toBe(404)
    expectPageHeaders(unknown.headers, CHECKOUT_CSP, 'no-referrer')
  })

  test('the payment link form redirects to the checkout without a referrer', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: linkPath,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload:
        'billing_first_name=Ada&billing_last_name=Lovelace&billing_email=ada%40example.com&billing_country=US&billing_postal_code=94103',
    })
    expect(res.statusCode, res.body).toBe(303)
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['cache-control']).toBe('no-store')
  })

  test('the dashboard app, built or not, and a missing asset', async () => {
    for (const url of ['/dashboard/', '/dashboard/payments/TX1', '/dashboard/assets/missing.js']) {
      const res = await p.app.inject({ url })
      expect([200, 404, 503]).toContain(res.statusCode)
      expectPageHeaders(res.headers, DASHBOARD_CSP, 'same-origin')
    }
  })

  test('the JSON API sends no page policy', async () => {
    const res = await p.app.inject({ url: '/api/payments/', headers: apiKeyHeaders(m.sandboxKey) })
    expect(res.headers['content-security-policy']).toBeUndefined()
    expect(res.headers['x-frame-options']).toBeUndefined()
    const health = await p.app.inject({ url: '/healthz' })
    expect(health.headers['content-security-policy']).toBeUndefined()
  })
})
