import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  checkoutBody,
  createCheckoutViaApi,
  testConfig,
  type TestPlatform,
  type Merchant,
} from '../../../test/support/platform.ts'
import { CARDS, card, getPayment, postCheckout, tokenOf } from '../../../test/support/checkout.ts'
import { isPostgres } from '../../../test/support/database.ts'
import { ConfigError } from '../../config.ts'
import { checkProviderSetup } from '../provider/index.ts'
import { PAGE_CSP } from './checkout-page.public.routes.ts'

// Headers, the OpenAPI contract, rate limits, provider setup and concurrency of the hosted checkout.

let p: TestPlatform
let m: Merchant
beforeAll(async () => {
  p = await createTestPlatform({ env: { CHECKOUT_PAY_RATE_PER_TOKEN: '3', CHECKOUT_PAY_RATE_PER_IP: '12' } })
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

const newCheckout = async (overrides: Record<string, unknown> = {}, key = m.sandboxKey) => {
  const c = await createCheckoutViaApi(p.app, key, checkoutBody(m.productId, overrides))
  return { ...c, token: tokenOf(c.checkout_url) }
}

describe('the page', () => {
  test('strict CSP, no framing, no referrer, no cache; script and style from our own origin only', async () => {
    const c = await newCheckout()
    const res = await p.app.inject({ url: new URL(c.checkout_url).pathname })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-security-policy']).toBe(PAGE_CSP)
    expect(PAGE_CSP).toContain("frame-ancestors 'none'")
    expect(PAGE_CSP).toContain("script-src 'self'")
    expect(PAGE_CSP).not.toContain('unsafe-inline')
    expect(res.headers['x-frame-options']).toBe('DENY')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['cache-control']).toBe('no-store')
    // No inline script or style, nothing external.
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc="\/checkout\/assets\/)/)
    expect(res.body).not.toMatch(/<style|\sstyle="|\son[a-z]+="/i)
    expect(res.body).not.toMatch(/(src|href)="(https?:)?\/\//)
    // Without the script a native submit must carry no card data: card inputs have no name.
    expect(res.body.match(/<input[^>]*>/g)?.length).toBe(4)
    expect(res.body).not.toMatch(/<input[^>]*\sname=/)
    const scripts = [...res.body.matchAll(/(?:src|href)="(\/checkout\/assets\/[^"]+)"/g)].map((x) => x[1])
    expect(scripts).toHaveLength(2)
    let weight = Buffer.byteLength(res.body)
    for (const asset of scripts) {
      const a = await p.app.inject({ url: asset })
      expect(a.statusCode).toBe(200)
      weight += a.rawPayload.length
    }
    expect(weight).toBeLessThan(50 * 1024)
  })

  test('escapes merchant-controlled text', async () => {
    const c = await newCheckout({
      products: [{ name: '<img src=x onerror=alert(1)>', unit_price: '5.00', quantity: 1 }],
    })
    const res = await p.app.inject({ url: new URL(c.checkout_url).pathname })
    expect(res.body).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(res.body).not.toContain('<img src=x')
  })

  test('an invalid link is a 404 page, an expired one a 410 page', async () => {
    const bad = await p.app.inject({ url: '/checkout/not-a-token' })
    expect(bad.statusCode).toBe(404)
    expect(bad.body).toContain('This checkout link is not valid')
    const c = await newCheckout({ expires_in_minutes: 30 })
    p.clock.advance(31 * 60_000)
    try {
      const res = await p.app.inject({ url: new URL(c.checkout_url).pathname })
      expect(res.statusCode).toBe(410)
      expect(res.body).toContain('This checkout has expired')
    } finally {
      p.clock.advance(-31 * 60_000)
    }
  })
})

test('the JSON endpoints are public and documented under "Hosted checkout"', async () => {
  const doc = (await p.app.inject({ url: '/api/schema/' })).json()
  for (const path of [
    '/api/checkout/session/',
    '/api/checkout/pay/',
    '/api/checkout/3ds/',
    '/api/checkout/cancel/',
    '/api/checkout/sync-status/',
  ]) {
    expect(doc.paths[path]?.post?.tags, path).toEqual(['Hosted checkout'])
    expect(doc.paths[path].post.security, path).toEqual([])
  }
  // The API-key route beside them still answers: static segments win over /checkout/{checkout_id}/.
  expect(doc.paths['/api/checkout/{checkout_id}/'].get).toBeDefined()
  const c = await newCheckout()
  const byId = await p.app.inject({
    url: `/api/checkout/${c.checkout_id}/`,
    headers: { authorization: `Api-Key ${m.sandboxKey}` },
  })
  expect(byId.json().checkout_id).toBe(c.checkout_id)
  const session = await p.app.inject({ url: `/api/checkout/session/?token=${encodeURIComponent(c.token)}` })
  expect(session.statusCode).toBe(200)
  expect(session.headers['cache-control']).toBe('no-store')
  expect(session.json()).toMatchObject({
    checkout_id: c.checkout_id,
    status: 'PENDING',
    merchant_name: `Shop ${m.email}`,
    total: '25.00',
    currency: 'USD',
  })
})

test('pay attempts are rate limited per token and per IP, with Retry-After', async () => {
  const c = await newCheckout()
  for (let i = 0; i < 3; i++)
    expect((await postCheckout(p.app, 'pay', { token: c.token, card: card(CARDS.declined) })).statusCode).toBe(200)
  const limited = await postCheckout(p.app, 'pay', { token: c.token, card: card(CARDS.success) })
  expect(limited.statusCode).toBe(429)
  expect(limited.json().code).toBe('too_many_attempts')
  expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
  expect((await getPayment(p.app, m.sandboxKey, c.transaction_id)).depositAttempts).toHaveLength(3)
  // Per IP: fresh tokens from one address run out too (3 used above + 1 refused + 8 more = 12), another address does not.
  for (let i = 0; i < 8; i++) {
    const other = await newCheckout()
    await postCheckout(p.app, 'pay', { token: other.token, card: card(CARDS.declined) })
  }
  const fresh = await newCheckout()
  expect((await postCheckout(p.app, 'pay', { token: fresh.token, card: card(CARDS.success) })).statusCode).toBe(429)
  const elsewhere = await p.app.inject({
    method: 'POST',
    url: '/api/checkout/pay/',
    remoteAddress: '10.9.8.7',
    payload: { token: fresh.token, card: card(CARDS.success) },
  })
  expect(elsewhere.statusCode).toBe(200)
})

describe('providers', () => {
  test('production payments on the simulator are refused unless ALLOW_SIMULATOR_IN_PRODUCTION=true', async () => {
    const c = await newCheckout({}, m.productionKey)
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/checkout/pay/',
      remoteAddress: '10.0.0.1',
      payload: { token: c.token, card: card(CARDS.success) },
    })
    expect(res.statusCode).toBe(503)
    expect(res.json().code).toBe('provider_unavailable')
  })

  test('start-up check: unknown provider stops the start; NODE_ENV=production needs the explicit setting; allowed → loud warning', () => {
    const warnings: string[] = []
    const log = { warn: (_: unknown, msg: string) => warnings.push(msg) } as never
    const ctxWith = (env: Record<string, string>) => ({ ...p.ctx, config: testConfig(env), log })
    expect(() => checkProviderSetup(ctxWith({ PRODUCTION_PROVIDER: 'acme' }))).toThrow(ConfigError)
    expect(() => checkProviderSetup(ctxWith({ NODE_ENV: 'production' }))).toThrow(/ALLOW_SIMULATOR_IN_PRODUCTION/)
    expect(() =>
      checkProviderSetup(ctxWith({ NODE_ENV: 'production', ALLOW_SIMULATOR_IN_PRODUCTION: 'true' })),
    ).not.toThrow()
    expect(warnings).toEqual([expect.stringMatching(/WARNING: PRODUCTION PAYMENTS USE THE SIMULATOR/)])
  })
})

describe.runIf(isPostgres)('concurrency (PostgreSQL)', () => {
  // Default rate limits here: the races below send many requests for one token.
  let q: TestPlatform
  let qm: Merchant
  beforeAll(async () => {
    q = await createTestPlatform()
    qm = await createMerchantFixture(q.ctx)
  })
  afterAll(() => q.close())
  const newCheckout = async () => {
    const c = await createCheckoutViaApi(q.app, qm.sandboxKey, checkoutBody(qm.productId))
    return { ...c, token: tokenOf(c.checkout_url) }
  }

  test('ten simultaneous pay requests on one session: exactly one success, the rest refused', async () => {
    const c = await newCheckout()
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        q.app.inject({
          method: 'POST',
          url: '/api/checkout/pay/',
          remoteAddress: `10.1.0.${i}`,
          payload: { token: c.token, card: card(CARDS.success) },
        }),
      ),
    )
    const statuses = answers.map((a) => a.statusCode)
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(9)
    const payment = await getPayment(q.app, qm.sandboxKey, c.transaction_id)
    expect(payment.depositAttempts).toEqual([expect.objectContaining({ status: 'succeeded' })])
    const events = await q.ctx.db
      .selectFrom('events')
      .select('payload')
      .where('subject_id', '=', c.transaction_id)
      .execute()
    expect(events.filter((e) => (e.payload as any).status === 'paid')).toHaveLength(1)
  })

  test('cancel racing pay: one of them wins, never both', async () => {
    for (let round = 0; round < 5; round++) {
      const c = await newCheckout()
      const [payRes, cancelRes] = await Promise.all([
        q.app.inject({
          method: 'POST',
          url: '/api/checkout/pay/',
          remoteAddress: `10.2.${round}.1`,
          payload: { token: c.token, card: card(CARDS.success) },
        }),
        postCheckout(q.app, 'cancel', { token: c.token }),
      ])
      const payment = await getPayment(q.app, qm.sandboxKey, c.transaction_id)
      if (payment.status === 'paid') expect(cancelRes.statusCode).toBe(409)
      else {
        expect(payment.status).toBe('canceled')
        expect(payRes.statusCode).toBe(409)
        expect(payment.depositAttempts).toEqual([])
      }
    }
  })
})
