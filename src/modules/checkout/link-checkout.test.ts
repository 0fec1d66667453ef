import { afterAll, describe, expect, test } from 'vitest'
import { createTestPlatform } from '../../../test/support/platform.ts'
import { dashboardFixture, type Who } from '../../../test/support/dashboard.ts'
import { CARDS, card, postCheckout, tokenOf } from '../../../test/support/checkout.ts'

const p = await createTestPlatform()
const dash = await dashboardFixture(p)
const m = dash.merchant
afterAll(() => p.close())

const buyer = {
  billing_country: 'US',
  billing_postal_code: '94103',
  billing_first_name: 'Ada',
  billing_last_name: 'Lovelace',
  billing_email: 'ada@example.com',
}

async function newLink(body: Record<string, unknown> = {}, who: Who = 'owner') {
  const res = await dash.as(who).post('/api/payment-links/', {
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

async function buyAndPay(uuid: string) {
  const created = await buy(uuid)
  expect(created.statusCode, created.body).toBe(201)
  const paid = await postCheckout(p.app, 'pay', {
    token: tokenOf(created.json().checkout_url),
    card: card(CARDS.success),
  })
  expect(paid.statusCode, paid.body).toBe(200)
  return created.json()
}

// The buyer's side of payment links: public JSON, checkout, payment and the 410s (the page /l/{uuid}: link-page.test.ts).

describe('buying through a link', () => {
  test('public JSON, checkout from the snapshot, paying with 4242; stats and /payments/ follow', async () => {
    const link = await newLink({ max_uses: 3 })
    const pub = await p.app.inject({ url: `/api/payment-links/${link.id}/public/` })
    expect(pub.statusCode).toBe(200)
    expect(pub.json()).toMatchObject({
      id: link.id,
      merchant_name: `Shop ${m.email}`,
      currency: 'USD',
      total: '50.00',
      products: link.products,
    })
    const tax = await buy(link.id, {
      billing_country: 'FR',
      billing_postal_code: undefined,
      successUrl: 'https://shop.example/ok',
    })
    expect(tax.statusCode).toBe(201)
    expect(tax.json()).toMatchObject({
      amount: '60.00',
      subtotal: '50.00',
      tax_amount: '10.00',
      currency: 'USD',
      checkout_url: expect.stringContaining('/checkout/'),
    })
    expect(Object.keys(tax.json())).toEqual(
      expect.arrayContaining(['checkout_id', 'order_id', 'checkout_url', 'token', 'expires_at', 'transaction_id']),
    )
    const paid = await postCheckout(p.app, 'pay', {
      token: tokenOf(tax.json().checkout_url),
      card: card(CARDS.success),
    })
    expect(paid.json()).toMatchObject({ result: 'succeeded', payment_status: 'paid' })
    expect(new URL(paid.json().redirect_url).origin).toBe('https://shop.example')
    await buy(link.id) // an abandoned session is not a payment
    const detail = (await dash.as('viewer').get(`/api/payment-links/${link.id}/`)).json()
    expect(detail).toMatchObject({ paid_count: 1, revenue: '60.00', status: 'active' })
    const payments = await dash.as('viewer').get(`/api/payment-links/${link.id}/payments/`)
    expect(payments.json()).toHaveLength(1)
    expect(payments.json()[0]).toMatchObject({
      id: tax.json().transaction_id,
      status: 'paid',
      gross_amount: '60.00',
      payment_link_id: link.id,
    })
    expect(
      (await dash.as('viewer').get(`/api/payment-links/${link.id}/payments/?status=processing`)).json(),
    ).toHaveLength(1)
  })

  test('checkout validation: missing billing fields, US without postal code, wrong currency', async () => {
    const link = await newLink()
    const res = await p.app.inject({
      method: 'POST',
      url: `/api/payment-links/${link.id}/checkout/`,
      payload: { billing_country: 'US' },
    })
    expect(res.statusCode).toBe(400)
    expect(Object.keys(res.json().errors)).toEqual(
      expect.arrayContaining(['billing_first_name', 'billing_last_name', 'billing_email']),
    )
    expect((await buy(link.id, { billing_postal_code: undefined })).json().errors).toHaveProperty('billing_postal_code')
    expect((await buy(link.id, { currency: 'EUR' })).json().errors).toHaveProperty('currency')
    expect((await buy('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
    const viaToken = await p.app.inject({
      method: 'POST',
      url: '/api/payment-links/checkout/',
      payload: { token: link.id, ...buyer },
    })
    expect(viaToken.statusCode, viaToken.body).toBe(201)
    expect(viaToken.json().amount).toBe('50.00')
    expect((await p.app.inject({ url: '/api/payment-links/nope/public/' })).statusCode).toBe(404)
  })

  test('max_uses 1: the second buyer is refused at payment time with 410, before any charge', async () => {
    const link = await newLink({ max_uses: 1 })
    const first = await buy(link.id)
    const second = await buy(link.id)
    await postCheckout(p.app, 'pay', { token: tokenOf(first.json().checkout_url), card: card(CARDS.success) })
    const refused = await postCheckout(p.app, 'pay', {
      token: tokenOf(second.json().checkout_url),
      card: card(CARDS.success),
    })
    expect(refused.statusCode).toBe(410)
    expect(refused.json().code).toBe('payment_link_used_up')
    const attempts = await p.ctx.db
      .selectFrom('deposit_attempts')
      .innerJoin('transactions', 'transactions.id', 'deposit_attempts.transaction_id')
      .select('deposit_attempts.id')
      .where('transactions.public_id', '=', second.json().transaction_id)
      .execute()
    expect(attempts).toEqual([])
    expect((await dash.get(`/api/payment-links/${link.id}/`)).json()).toMatchObject({
      paid_count: 1,
      status: 'used_up',
    })
    expect((await dash.patch(`/api/payment-links/${link.id}/`, { max_uses: 0 })).statusCode).toBe(400)
    expect((await dash.patch(`/api/payment-links/${link.id}/`, { max_uses: 2 })).json()).toMatchObject({
      max_uses: 2,
      status: 'active',
    })
  })

  test('PATCH cannot lower max_uses below the payments collected, nor touch the snapshot', async () => {
    const link = await newLink({ max_uses: 3 })
    await buyAndPay(link.id)
    await buyAndPay(link.id)
    const low = await dash.patch(`/api/payment-links/${link.id}/`, { max_uses: 1 })
    expect(low.statusCode).toBe(400)
    expect(low.json().errors).toHaveProperty('max_uses')
    const frozen = await dash.patch(`/api/payment-links/${link.id}/`, { products: [], currency: 'EUR' })
    expect(Object.keys(frozen.json().errors).sort()).toEqual(['currency', 'products'])
    const ok = await dash.patch(`/api/payment-links/${link.id}/`, {
      name: 'Renamed',
      max_uses: 2,
      metadata: { a: 1 },
      expires_at: null,
    })
    expect(ok.json()).toMatchObject({
      name: 'Renamed',
      max_uses: 2,
      metadata: { a: 1 },
      status: 'used_up',
      paid_count: 2,
      revenue: '100.00',
    })
    const audit = await p.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', link.id)
      .where('action', '=', 'payment_link.updated')
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0].before).toMatchObject({ name: 'Spring sale', max_uses: 3 })
  })
})

describe('410 for links that cannot sell', () => {
  async function expectGone(uuid: string, code: string, pageText: RegExp) {
    const pub = await p.app.inject({ url: `/api/payment-links/${uuid}/public/` })
    expect(pub.statusCode).toBe(410)
    expect(pub.json().code).toBe(code)
    const checkout = await buy(uuid)
    expect(checkout.statusCode).toBe(410)
    expect(checkout.json()).toMatchObject({ code, detail: expect.any(String) })
    const page = await p.app.inject({ url: `/l/${uuid}` })
    expect(page.statusCode).toBe(410)
    expect(page.body).toMatch(pageText)
    const form = await p.app.inject({
      method: 'POST',
      url: `/l/${uuid}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(buyer).toString(),
    })
    expect(form.statusCode).toBe(410)
  }

  test('expired', async () => {
    const link = await newLink({ expires_at: new Date(p.clock.now().getTime() + 600_000).toISOString() })
    const session = await buy(link.id)
    p.clock.advance(600_001)
    await expectGone(link.id, 'payment_link_expired', /has expired/)
    expect((await dash.get(`/api/payment-links/${link.id}/`)).json().status).toBe('expired')
    // A session opened before the expiry cannot pay either.
    const pay = await postCheckout(p.app, 'pay', {
      token: tokenOf(session.json().checkout_url),
      card: card(CARDS.success),
    })
    expect(pay.statusCode).toBe(410)
    // A past expires_at (at creation or by PATCH) ends a link at once.
    const past = await newLink({ expires_at: '2020-01-01T00:00:00Z' })
    expect(past.status).toBe('expired')
    await expectGone(past.id, 'payment_link_expired', /has expired/)
    const ended = await newLink()
    await dash.patch(`/api/payment-links/${ended.id}/`, {
      expires_at: new Date(p.clock.now().getTime() - 1000).toISOString(),
    })
    await expectGone(ended.id, 'payment_link_expired', /has expired/)
  })

  test('inactive, and active again', async () => {
    const link = await newLink()
    const session = await buy(link.id)
    await dash.patch(`/api/payment-links/${link.id}/`, { is_active: false })
    await expectGone(link.id, 'payment_link_inactive', /inactive/)
    expect(
      (
        await postCheckout(p.app, 'pay', { token: tokenOf(session.json().checkout_url), card: card(CARDS.success) })
      ).json().code,
    ).toBe('payment_link_inactive')
    const hosted = await p.app.inject({ url: new URL(session.json().checkout_url).pathname })
    expect(hosted.statusCode).toBe(410)
    expect(hosted.body).toContain('This payment link is inactive')
    await dash.patch(`/api/payment-links/${link.id}/`, { is_active: true })
    expect((await buy(link.id)).statusCode).toBe(201)
    expect((await p.app.inject({ url: new URL(session.json().checkout_url).pathname })).statusCode).toBe(200)
  })

  test('deleted (soft): gone for buyers, still readable in the dashboard, hidden from the list', async () => {
    const link = await newLink()
    await buyAndPay(link.id)
    const deleted = await dash.delete(`/api/payment-links/${link.id}/`)
    expect(deleted.json()).toMatchObject({ status: 'deleted', deleted_at: expect.any(String), paid_count: 1 })
    await expectGone(link.id, 'payment_link_deleted', /deleted/)
    expect((await dash.get(`/api/payment-links/${link.id}/`)).json().status).toBe('deleted')
    expect((await dash.get(`/api/payment-links/${link.id}/payments/`)).json()).toHaveLength(1)
    expect((await dash.get('/api/payment-links/')).json().map((l: any) => l.id)).not.toContain(link.id)
    expect((await dash.get('/api/payment-links/?include_deleted=true')).json().map((l: any) => l.id)).toContain(link.id)
    expect((await dash.patch(`/api/payment-links/${link.id}/`, { name: 'back' })).statusCode).toBe(410)
    expect((await dash.delete(`/api/payment-links/${link.id}/`)).statusCode).toBe(404)
  })

  test('used up', async () => {
    const link = await newLink({ max_uses: 1 })
    await buyAndPay(link.id)
    await expectGone(link.id, 'payment_link_used_up', /maximum number of payments/)
  })
})
