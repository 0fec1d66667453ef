import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { expectError } from '../support/errors.ts'
import { subscriptionHarness, type SubscriptionHarness } from '../support/subscriptions.ts'

// A payment link with a recurring product: the page says the cadence, its form starts a subscription,
// paying on the subscription's checkout page makes it active, and the first charge is a use of the link.

let h: SubscriptionHarness
beforeAll(async () => {
  h = await subscriptionHarness()
})
// Every scenario leaves the ledger consistent (`kassa ledger check`), credit balances included.
afterEach(() => h.ledgerClean())
afterAll(() => h.p.close())

async function product(prices: Record<string, unknown>[]) {
  const res = await h.api('POST', '/api/products/', { name: 'Club', prices })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().id as string
}

async function link(products: { product_id: string; quantity?: number }[], extra: Record<string, unknown> = {}) {
  return h.api('POST', '/api/payment-links/', { name: 'Join the club', products, ...extra })
}

/** The buyer's billing form on /l/{uuid}: answers the redirect target. */
async function submitLinkForm(uuid: string, email: string) {
  const res = await h.p.app.inject({
    method: 'POST',
    url: `/l/${uuid}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      billing_first_name: 'Grace',
      billing_last_name: 'Hopper',
      billing_email: email,
      billing_country: 'DE',
    }).toString(),
  })
  expect(res.statusCode, res.body).toBe(303)
  return res.headers.location as string
}

async function subscriptionOf(email: string) {
  const list = await h.api('GET', `/api/subscriptions/?customer=${encodeURIComponent(email)}`)
  expect(list.json()).toHaveLength(1)
  return h.get(list.json()[0].id)
}

describe('payment link with a recurring product', () => {
  test('the page says "then $12.00 every month"; paying starts an active subscription; the charge is an initial payment', async () => {
    const res = await link([{ product_id: h.productId }], { max_uses: 5 })
    expect(res.statusCode, res.body).toBe(201)
    const created = res.json()
    expect(created.products[0]).toMatchObject({ recurring_interval: 'month', recurring_interval_count: 1 })
    const page = await h.p.app.inject({ url: `/l/${created.id}` })
    expect(page.body).toContain('then $12.00 every month')

    const target = await submitLinkForm(created.id, 'grace@example.com')
    expect(target).toMatch(/\/billing\/[0-9A-Za-z]+$/)
    const token = target.split('/billing/')[1]
    const incomplete = await subscriptionOf('grace@example.com')
    expect(incomplete).toMatchObject({
      status: 'incomplete',
      plan: { unit_amount: '12.00', recurring_interval: 'month' },
      customer: { email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper', country: 'DE' },
    })
    const paid = await h.payOnPage(token)
    expect(paid.statusCode, paid.body).toBe(200)
    const sub = await h.get(incomplete.id)
    expect(sub.status).toBe('active')
    expect(sub.customer.card).toMatchObject({ last4: '4242' })
    expect(sub.charges).toMatchObject([{ kind: 'initial', status: 'paid' }])
    const tx = await h.p.app.inject({
      url: `/api/transactions/${sub.charges[0].id}/`,
      headers: { authorization: `Api-Key ${h.m.sandboxKey}` },
    })
    expect(tx.json()).toMatchObject({ subscription_id: sub.id, charge_kind: 'initial', status: 'paid' })
    const after = (await h.api('GET', `/api/payment-links/${created.id}/`)).json()
    expect(after.paid_count).toBe(1)
    await h.ledgerClean()
  })

  test('a trial on the price: the card is saved, nothing charged, trialing; the link counts the use', async () => {
    const id = await product([
      { currency: 'USD', amount: '30.00', recurring_interval: 'month', recurring_interval_count: 3, trial_days: 14 },
    ])
    const created = (await link([{ product_id: id }])).json()
    const page = await h.p.app.inject({ url: `/l/${created.id}` })
    expect(page.body).toContain('14-day free trial, then $30.00 every 3 months')
    const token = (await submitLinkForm(created.id, 'trial@example.com')).split('/billing/')[1]
    expect((await h.payOnPage(token)).statusCode).toBe(200)
    const sub = await subscriptionOf('trial@example.com')
    expect(sub).toMatchObject({ status: 'trialing', charges: [] })
    expect(sub.trial_end).not.toBeNull()
    expect((await h.api('GET', `/api/payment-links/${created.id}/`)).json().paid_count).toBe(1)
    await h.ledgerClean()
  })

  test('EUR and the cadence words, in English and French', async () => {
    const yearly = await product([{ currency: 'EUR', amount: '99.00', recurring_interval: 'year' }])
    const weekly = await product([
      { currency: 'EUR', amount: '12.00', recurring_interval: 'week', recurring_interval_count: 2 },
    ])
    const y = (await link([{ product_id: yearly }], { currency: 'EUR' })).json()
    const w = (await link([{ product_id: weekly }], { currency: 'EUR' })).json()
    const en = (uuid: string) => h.p.app.inject({ url: `/l/${uuid}` }).then((r) => r.body)
    const fr = (uuid: string) => h.p.app.inject({ url: `/l/${uuid}`, headers: { 'accept-language': 'fr' } })
    expect(await en(y.id)).toContain('then €99.00 every year')
    expect(await en(w.id)).toContain('then €12.00 every 2 weeks')
    const frYear = (await fr(y.id)).body
    expect(frYear).toContain('chaque année')
    expect(frYear).toMatch(/puis 99,00\s€ chaque année/)
    expect((await fr(w.id)).body).toMatch(/puis 12,00\s€ toutes les 2 semaines/)
  })

  test('a recurring product mixed with other products is refused, naming products; the JSON checkout API refuses the link', async () => {
    const mixed = await link([{ product_id: h.productId }, { product_id: h.m.productId }])
    expectError(mixed, 400, 'validation_error')
    expect(Object.keys(mixed.json().errors)).toEqual(['products'])
    const two = await link([{ product_id: h.productId }, { product_id: await h.newProduct('20.00') }])
    expect(Object.keys(two.json().errors)).toEqual(['products'])
    const created = (await link([{ product_id: h.productId }])).json()
    const api = await h.p.app.inject({
      method: 'POST',
      url: `/api/payment-links/${created.id}/checkout/`,
      payload: {
        billing_first_name: 'A',
        billing_last_name: 'B',
        billing_email: 'a@example.com',
        billing_country: 'DE',
      },
    })
    expectError(api, 409, 'payment_link_is_subscription')
  })

  test('a used-up link takes no new subscriber: its page says so', async () => {
    const created = (await link([{ product_id: h.productId }], { max_uses: 1 })).json()
    const token = (await submitLinkForm(created.id, 'first@example.com')).split('/billing/')[1]
    expect((await h.payOnPage(token)).statusCode).toBe(200)
    const again = await h.p.app.inject({ url: `/l/${created.id}` })
    expect(again.statusCode).toBe(410)
  })
})
