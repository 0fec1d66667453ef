import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { login, tokenHeaders } from '../../../test/support/dashboard.ts'
import { createMerchantFixture } from '../../../test/support/platform.ts'
import { subscriptionHarness, tokenOf, type SubscriptionHarness } from '../../../test/support/subscriptions.ts'

// The customers read API and a subscription's history, through the whole app on the test database.

let h: SubscriptionHarness
let grace: { id: string; checkout_url: string }
beforeAll(async () => {
  h = await subscriptionHarness()
  const ada = await h.newSubscription()
  await h.payOnPage(tokenOf(ada))
  await h.newSubscription({ quantity: 2 })
  grace = await h.newSubscription({
    customer: { email: 'Grace_100%@example.com', first_name: 'Grace', last_name: 'Hopper', country: 'FR' },
  })
  await h.newSubscription({ environment: 'production' })
}, 120_000)
afterAll(() => h.p.close())

describe('GET /api/customers/', () => {
  test('one environment, newest first, with X-Total-Count and subscription counts', async () => {
    const res = await h.api('GET', '/api/customers/?environment=sandbox')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['x-total-count']).toBe('2')
    expect(
      res.json().map((c: { email: string; subscription_count: number }) => [c.email, c.subscription_count]),
    ).toEqual([
      ['Grace_100%@example.com', 1],
      ['ada@example.com', 2],
    ])
    const production = await h.api('GET', '/api/customers/?environment=production')
    expect(production.json()).toMatchObject([{ email: 'ada@example.com', environment: 'production' }])
  })

  test('search matches part of the email literally (case-insensitive) or the id; paging', async () => {
    const emails = async (q: string) =>
      (await h.api('GET', `/api/customers/?search=${encodeURIComponent(q)}`))
        .json()
        .map((c: { email: string }) => c.email)
    expect(await emails('ADA@')).toEqual(['ada@example.com'])
    expect(await emails('_100%')).toEqual(['Grace_100%@example.com'])
    expect(await emails('a_a')).toEqual([])
    expect(await emails('%')).toEqual(['Grace_100%@example.com'])
    const [first] = (await h.api('GET', '/api/customers/')).json()
    expect(await emails(first.id)).toEqual([first.email])
    const page2 = await h.api('GET', '/api/customers/?page=2&page_size=1')
    expect([page2.headers['x-total-count'], page2.json().length]).toEqual(['2', 1])
    expect(page2.headers.link).toContain('rel="prev"')
    const bad = await h.api('GET', '/api/customers/?page_size=500')
    expect(bad.statusCode).toBe(400)
  })
})

describe('GET /api/customers/{id}/', () => {
  test('its subscriptions and the payments of them; 404 in another environment or organization', async () => {
    const [, ada] = (await h.api('GET', '/api/customers/')).json()
    const res = await h.api('GET', `/api/customers/${ada.id}/`)
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.subscriptions.map((s: { quantity: number }) => s.quantity)).toEqual([2, 1])
    expect(body.payments).toHaveLength(1)
    expect(body.payments[0]).toMatchObject({
      kind: 'initial',
      status: 'paid',
      amount: '14.28', // 12.00 and German VAT
      subscription_id: body.subscriptions[1].id,
    })
    expect((await h.api('GET', `/api/customers/${ada.id}/?environment=production`)).statusCode).toBe(404)
    const other = await createMerchantFixture(h.p.ctx)
    const otherToken = await login(h.p.app, other.email, other.password)
    const foreign = await h.p.app.inject({ url: `/api/customers/${ada.id}/`, headers: tokenHeaders(otherToken) })
    expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'not_found'])
    const list = await h.p.app.inject({ url: '/api/customers/', headers: tokenHeaders(otherToken) })
    expect(list.json()).toEqual([])
    const key = await h.p.app.inject({
      url: '/api/customers/',
      headers: { authorization: `Api-Key ${h.m.sandboxKey}` },
    })
    expect(key.statusCode).toBe(401)
  })
})

describe('GET /api/subscriptions/{id}/history/', () => {
  test('who (with the user email), why, from, to, when — in order', async () => {
    expect((await h.api('POST', `/api/subscriptions/${grace.id}/cancel/`, { at_period_end: false })).statusCode).toBe(
      200,
    )
    const res = await h.api('GET', `/api/subscriptions/${grace.id}/history/`)
    expect(res.statusCode, res.body).toBe(200)
    const rows = res.json()
    expect(
      rows.map((r: { reason: string; from_status: string | null; to_status: string }) => [
        r.reason,
        r.from_status,
        r.to_status,
      ]),
    ).toEqual([
      ['created', null, 'incomplete'],
      ['canceled', 'incomplete', 'canceled'],
    ])
    expect(rows[1]).toMatchObject({ actor_email: h.m.email })
    expect(rows[1].actor).toMatch(/^user:\d+$/)
    expect(Date.parse(rows[1].created_at)).toBeGreaterThanOrEqual(Date.parse(rows[0].created_at))
    expect((await h.api('GET', '/api/subscriptions/sub_nope/history/')).statusCode).toBe(404)
  })
})
