import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { apiKeyHeaders, createMerchantFixture, createTestPlatform, type Merchant, type TestPlatform } from '../../../test/support/platform.ts'
import { login, roleTokens, tokenHeaders, type RoleTokens } from '../../../test/support/dashboard.ts'
import { CARDS, card, postCheckout, tokenOf } from '../../../test/support/checkout.ts'
import { updateOrganization } from '../organizations/organizations.repository.ts'

let p: TestPlatform
let m: Merchant
let other: Merchant
let tokens: RoleTokens
let otherToken: string

beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  other = await createMerchantFixture(p.ctx)
  tokens = await roleTokens(p.ctx, p.app, m.organizationId, m)
  otherToken = await login(p.app, other.email, other.password)
})
afterAll(() => p.close())

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string | null, payload?: unknown) =>
  p.app.inject({ method, url, headers: token ? tokenHeaders(token) : {}, ...(payload === undefined ? {} : { payload: payload as object }) })
const buyer = { billing_country: 'US', billing_postal_code: '94103', billing_first_name: 'Ada', billing_last_name: 'Lovelace', billing_email: 'ada@example.com' }

async function newLink(body: Record<string, unknown> = {}, token = tokens.owner) {
  const res = await api('POST', '/api/payment-links/', token, { name: 'Spring sale', products: [{ product_id: m.productId, quantity: 2 }], ...body })
  if (res.statusCode !== 201) throw new Error(`create link failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

async function buy(uuid: string, body: Record<string, unknown> = {}) {
  const res = await p.app.inject({ method: 'POST', url: `/api/payment-links/${uuid}/checkout/`, payload: { ...buyer, ...body } })
  return res
}

async function buyAndPay(uuid: string) {
  const created = await buy(uuid)
  expect(created.statusCode, created.body).toBe(201)
  const paid = await postCheckout(p.app, 'pay', { token: tokenOf(created.json().checkout_url), card: card(CARDS.success) })
  expect(paid.statusCode, paid.body).toBe(200)
  return created.json()
}

describe('create and read', () => {
  test('201 with the uuid as id, the shareable url, the snapshot and defaults from the organization', async () => {
    const link = await newLink({ metadata: { campaign: 'spring' }, max_uses: 5 })
    expect(link.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(link).toMatchObject({
      url: `http://127.0.0.1:8080/l/${link.id}`, name: 'Spring sale', currency: 'USD', pricing_mode: 'TAX_EXCLUSIVE', environment: 'sandbox',
      products: [{ product_id: m.productId, name: 'T-shirt', quantity: 2, unit_price: '25.00', amount: '50.00' }],
      total: '50.00', max_uses: 5, metadata: { campaign: 'spring' }, is_active: true, status: 'active', paid_count: 0, revenue: '0.00', expires_at: null,
    })
    const got = await api('GET', `/api/payment-links/${link.id}/`, tokens.viewer)
    expect(got.statusCode).toBe(200)
    expect(got.json()).toEqual(link)
    const list = await api('GET', '/api/payment-links/', tokens.viewer)
    expect(list.statusCode).toBe(200)
    expect(list.json().map((l: any) => l.id)).toContain(link.id)
    expect(Number(list.headers['x-total-count'])).toBe(list.json().length)
    const audit = await p.ctx.db.selectFrom('audit_log').selectAll().where('target_id', '=', link.id).execute()
    expect(audit.map((a) => a.action)).toEqual(['payment_link.created'])
  })

  test('EUR and TAX_INCLUSIVE; a TTC organization defaults to TAX_INCLUSIVE', async () => {
    expect(await newLink({ currency: 'EUR', pricing_mode: 'TAX_INCLUSIVE' })).toMatchObject({ currency: 'EUR', pricing_mode: 'TAX_INCLUSIVE', total: '46.00' })
    const ttc = await createMerchantFixture(p.ctx, { priceMode: 'TTC' })
    const res = await api('POST', '/api/payment-links/', await login(p.app, ttc.email, ttc.password), { name: 'x', products: [{ product_id: ttc.productId }] })
    expect(res.json()).toMatchObject({ pricing_mode: 'TAX_INCLUSIVE', total: '25.00' })
  })

  test('environments: production links are filtered apart; the /sandbox/api/ mirror knows sandbox links only', async () => {
    const prod = await newLink({ environment: 'production' })
    expect(prod.environment).toBe('production')
    expect((await api('GET', '/api/payment-links/?environment=production', tokens.owner)).json().map((l: any) => l.id)).toEqual([prod.id])
    expect((await api('GET', '/api/payment-links/?environment=sandbox', tokens.owner)).json().map((l: any) => l.id)).not.toContain(prod.id)
    expect((await api('GET', '/sandbox/api/payment-links/', tokens.owner)).json().map((l: any) => l.id)).not.toContain(prod.id)
    expect((await api('POST', '/sandbox/api/payment-links/', tokens.owner, { name: 'x', products: [{ product_id: m.productId }], environment: 'production' })).statusCode).toBe(403)
    expect((await p.app.inject({ url: `/sandbox/api/payment-links/${prod.id}/public/` })).statusCode).toBe(404)
    expect((await p.app.inject({ url: `/api/payment-links/${prod.id}/public/` })).json().environment).toBe('production')
  })

  test('bad input → 400 naming every field', async () => {
    const res = await api('POST', '/api/payment-links/', tokens.owner, { name: '', products: [], currency: 'GBP', max_uses: 0, pricing_mode: 'HT' })
    expect(res.statusCode).toBe(400)
    expect(Object.keys(res.json().errors)).toEqual(expect.arrayContaining(['name', 'products', 'currency', 'max_uses', 'pricing_mode']))
    const products = await api('POST', '/api/payment-links/', tokens.owner, {
      name: 'x', products: [{ product_id: 'prod_nope' }, { product_id: other.productId }, { product_id: m.usdOnlyProductId }], currency: 'EUR',
    })
    expect(products.statusCode).toBe(400)
    expect(Object.keys(products.json().errors).sort()).toEqual(['products.0.product_id', 'products.1.product_id', 'products.2.product_id'])
    expect((await api('POST', '/api/payment-links/', tokens.owner, { name: 'x', products: [{ product_id: m.productId }], expires_at: 'tomorrow' })).json().errors).toHaveProperty('expires_at')
    expect((await api('POST', '/api/payment-links/', tokens.owner, { products: [{ product_id: m.productId }] })).json().errors).toHaveProperty('name')
  })

  test('totals respect the organization min/max payment', async () => {
    const org = await createMerchantFixture(p.ctx)
    await updateOrganization(p.ctx.db, org.organizationId, { max_payment_minor: 6000, min_payment_minor: 3000 })
    const token = await login(p.app, org.email, org.password)
    const over = await api('POST', '/api/payment-links/', token, { name: 'x', products: [{ product_id: org.productId, quantity: 3 }] })
    expect(over.statusCode).toBe(400)
    expect(over.json().code).toBe('amount_out_of_range')
    expect((await api('POST', '/api/payment-links/', token, { name: 'x', products: [{ product_id: org.productId, quantity: 1 }] })).json().code).toBe('amount_out_of_range')
    expect((await api('POST', '/api/payment-links/', token, { name: 'x', products: [{ product_id: org.productId, quantity: 2 }] })).statusCode).toBe(201)
  })
})

describe('credentials, roles and tenants', () => {
  test('no token → 401; API key → 401 wrong_credentials_type, on every dashboard route', async () => {
    const link = await newLink()
    const routes: Array<['GET' | 'POST' | 'PATCH' | 'DELETE', string]> = [
      ['GET', '/api/payment-links/'], ['POST', '/api/payment-links/'], ['GET', `/api/payment-links/${link.id}/`],
      ['PATCH', `/api/payment-links/${link.id}/`], ['DELETE', `/api/payment-links/${link.id}/`], ['GET', `/api/payment-links/${link.id}/payments/`],
    ]
    for (const [method, url] of routes) {
      expect((await api(method, url, null, method === 'GET' || method === 'DELETE' ? undefined : {})).statusCode, `${method} ${url}`).toBe(401)
      const withKey = await p.app.inject({ method, url, headers: apiKeyHeaders(m.sandboxKey), ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }) })
      expect(withKey.statusCode, `${method} ${url}`).toBe(401)
      expect(withKey.json().code).toBe('wrong_credentials_type')
    }
  })

  test('role matrix: every role reads; owners, admins and developers write; viewers get 403', async () => {
    for (const role of ['owner', 'admin', 'developer'] as const) {
      const link = await newLink({}, tokens[role])
      expect((await api('PATCH', `/api/payment-links/${link.id}/`, tokens[role], { name: `by ${role}` })).statusCode).toBe(200)
      expect((await api('DELETE', `/api/payment-links/${link.id}/`, tokens[role])).statusCode).toBe(200)
    }
    const link = await newLink()
    expect((await api('POST', '/api/payment-links/', tokens.viewer, { name: 'x', products: [{ product_id: m.productId }] })).statusCode).toBe(403)
    expect((await api('PATCH', `/api/payment-links/${link.id}/`, tokens.viewer, { name: 'v' })).json().code).toBe('permission_denied')
    expect((await api('DELETE', `/api/payment-links/${link.id}/`, tokens.viewer)).statusCode).toBe(403)
    for (const url of ['/api/payment-links/', `/api/payment-links/${link.id}/`, `/api/payment-links/${link.id}/payments/`]) {
      expect((await api('GET', url, tokens.viewer)).statusCode, url).toBe(200)
    }
  })

  test('another organization sees 404 everywhere and not in its list', async () => {
    const link = await newLink()
    expect((await api('GET', `/api/payment-links/${link.id}/`, otherToken)).statusCode).toBe(404)
    expect((await api('PATCH', `/api/payment-links/${link.id}/`, otherToken, { name: 'mine' })).statusCode).toBe(404)
    expect((await api('DELETE', `/api/payment-links/${link.id}/`, otherToken)).statusCode).toBe(404)
    expect((await api('GET', `/api/payment-links/${link.id}/payments/`, otherToken)).statusCode).toBe(404)
    expect((await api('GET', '/api/payment-links/', otherToken)).json().map((l: any) => l.id)).not.toContain(link.id)
    expect((await api('GET', '/api/payment-links/not-a-uuid/', tokens.owner)).statusCode).toBe(404)
    expect((await api('GET', `/api/payment-links/${link.id}/`, tokens.owner)).json().name).toBe('Spring sale')
  })
})

describe('snapshot', () => {
  test('later catalog changes do not change the link, its public view or what the buyer pays', async () => {
    const link = await newLink()
    const patched = await api('PATCH', `/api/products/${m.productId}/`, tokens.owner, { name: 'Renamed', prices: [{ currency: 'USD', amount: '99.00' }] })
    expect(patched.statusCode).toBe(200)
    const after = (await api('GET', `/api/payment-links/${link.id}/`, tokens.owner)).json()
    expect(after.products).toEqual(link.products)
    const pub = await p.app.inject({ url: `/api/payment-links/${link.id}/public/` })
    expect(pub.json()).toMatchObject({ products: [{ name: 'T-shirt', unit_price: '25.00' }], total: '50.00' })
    const checkout = await buy(link.id)
    expect(checkout.json()).toMatchObject({ amount: '50.00', currency: 'USD' })
    // In use by a link: deleting the product archives it.
    expect((await api('DELETE', `/api/products/${m.productId}/`, tokens.owner)).json()).toMatchObject({ deleted: false, status: 'archived' })
    expect((await buy(link.id)).statusCode).toBe(201)
    await api('PATCH', `/api/products/${m.productId}/`, tokens.owner, { name: 'T-shirt', status: 'active', prices: [{ currency: 'USD', amount: '25.00' }, { currency: 'EUR', amount: '23.00' }] })
  })
})

describe('buying through a link', () => {
  test('public JSON, checkout from the snapshot, paying with 4242; stats and /payments/ follow', async () => {
    const link = await newLink({ max_uses: 3 })
    const pub = await p.app.inject({ url: `/api/payment-links/${link.id}/public/` })
    expect(pub.statusCode).toBe(200)
    expect(pub.json()).toMatchObject({ id: link.id, merchant_name: `Shop ${m.email}`, currency: 'USD', total: '50.00', products: link.products })
    const tax = await buy(link.id, { billing_country: 'FR', billing_postal_code: undefined, successUrl: 'https://shop.example/ok' })
    expect(tax.statusCode).toBe(201)
    expect(tax.json()).toMatchObject({ amount: '60.00', subtotal: '50.00', tax_amount: '10.00', currency: 'USD', checkout_url: expect.stringContaining('/checkout/') })
    expect(Object.keys(tax.json())).toEqual(expect.arrayContaining(['checkout_id', 'order_id', 'checkout_url', 'token', 'expires_at', 'transaction_id']))
    const paid = await postCheckout(p.app, 'pay', { token: tokenOf(tax.json().checkout_url), card: card(CARDS.success) })
    expect(paid.json()).toMatchObject({ result: 'succeeded', payment_status: 'paid' })
    expect(new URL(paid.json().redirect_url).origin).toBe('https://shop.example')
    await buy(link.id) // an abandoned session is not a payment
    const detail = (await api('GET', `/api/payment-links/${link.id}/`, tokens.viewer)).json()
    expect(detail).toMatchObject({ paid_count: 1, revenue: '60.00', status: 'active' })
    const payments = await api('GET', `/api/payment-links/${link.id}/payments/`, tokens.viewer)
    expect(payments.json()).toHaveLength(1)
    expect(payments.json()[0]).toMatchObject({ id: tax.json().transaction_id, status: 'paid', gross_amount: '60.00', payment_link_id: link.id })
    expect((await api('GET', `/api/payment-links/${link.id}/payments/?status=processing`, tokens.viewer)).json()).toHaveLength(1)
  })

  test('checkout validation: missing billing fields, US without postal code, wrong currency', async () => {
    const link = await newLink()
    const res = await p.app.inject({ method: 'POST', url: `/api/payment-links/${link.id}/checkout/`, payload: { billing_country: 'US' } })
    expect(res.statusCode).toBe(400)
    expect(Object.keys(res.json().errors)).toEqual(expect.arrayContaining(['billing_first_name', 'billing_last_name', 'billing_email']))
    expect((await buy(link.id, { billing_postal_code: undefined })).json().errors).toHaveProperty('billing_postal_code')
    expect((await buy(link.id, { currency: 'EUR' })).json().errors).toHaveProperty('currency')
    expect((await buy('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
    const viaToken = await p.app.inject({ method: 'POST', url: '/api/payment-links/checkout/', payload: { token: link.id, ...buyer } })
    expect(viaToken.statusCode, viaToken.body).toBe(201)
    expect(viaToken.json().amount).toBe('50.00')
    expect((await p.app.inject({ url: '/api/payment-links/nope/public/' })).statusCode).toBe(404)
  })

  test('max_uses 1: the second buyer is refused at payment time with 410, before any charge', async () => {
    const link = await newLink({ max_uses: 1 })
    const first = await buy(link.id)
    const second = await buy(link.id)
    await postCheckout(p.app, 'pay', { token: tokenOf(first.json().checkout_url), card: card(CARDS.success) })
    const refused = await postCheckout(p.app, 'pay', { token: tokenOf(second.json().checkout_url), card: card(CARDS.success) })
    expect(refused.statusCode).toBe(410)
    expect(refused.json().code).toBe('payment_link_used_up')
    const attempts = await p.ctx.db.selectFrom('deposit_attempts').innerJoin('transactions', 'transactions.id', 'deposit_attempts.transaction_id').select('deposit_attempts.id').where('transactions.public_id', '=', second.json().transaction_id).execute()
    expect(attempts).toEqual([])
    expect((await api('GET', `/api/payment-links/${link.id}/`, tokens.owner)).json()).toMatchObject({ paid_count: 1, status: 'used_up' })
    expect((await api('PATCH', `/api/payment-links/${link.id}/`, tokens.owner, { max_uses: 0 })).statusCode).toBe(400)
    expect((await api('PATCH', `/api/payment-links/${link.id}/`, tokens.owner, { max_uses: 2 })).json()).toMatchObject({ max_uses: 2, status: 'active' })
  })

  test('PATCH cannot lower max_uses below the payments collected, nor touch the snapshot', async () => {
    const link = await newLink({ max_uses: 3 })
    await buyAndPay(link.id)
    await buyAndPay(link.id)
    const low = await api('PATCH', `/api/payment-links/${link.id}/`, tokens.owner, { max_uses: 1 })
    expect(low.statusCode).toBe(400)
    expect(low.json().errors).toHaveProperty('max_uses')
    const frozen = await api('PATCH', `/api/payment-links/${link.id}/`, tokens.owner, { products: [], currency: 'EUR' })
    expect(Object.keys(frozen.json().errors).sort()).toEqual(['currency', 'products'])
    const ok = await api('PATCH', `/api/payment-links/${link.id}/`, tokens.owner, { name: 'Renamed', max_uses: 2, metadata: { a: 1 }, expires_at: null })
    expect(ok.json()).toMatchObject({ name: 'Renamed', max_uses: 2, metadata: { a: 1 }, status: 'used_up', paid_count: 2, revenue: '100.00' })
    const audit = await p.ctx.db.selectFrom('audit_log').selectAll().where('target_id', '=', link.id).where('action', '=', 'payment_link.updated').execute()
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
    const form = await p.app.inject({ method: 'POST', url: `/l/${uuid}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(buyer).toString() })
    expect(form.statusCode).toBe(410)
  }

  test('expired', async () => {
    const link = await newLink({ expires_at: new Date(p.clock.now().getTime() + 600_000).toISOString() })
    const session = await buy(link.id)
    p.clock.advance(600_001)
    await expectGone(link.id, 'payment_link_expired', /has expired/)
    expect((await api('GET', `/api/payment-links/${link.id}/`, tokens.owner)).json().status).toBe('expired')
    // A session opened before the expiry cannot pay either.
    const pay = await postCheckout(p.app, 'pay', { token: tokenOf(session.json().checkout_url), card: card(CARDS.success) })
    expect(pay.statusCode).toBe(410)
    // A past expires_at (at creation or by PATCH) ends a link at once.
    const past = await newLink({ expires_at: '2020-01-01T00:00:00Z' })
    expect(past.status).toBe('expired')
    await expectGone(past.id, 'payment_link_expired', /has expired/)
    const ended = await newLink()
    await api('PATCH', `/api/payment-links/${ended.id}/`, tokens.owner, { expires_at: new Date(p.clock.now().getTime() - 1000).toISOString() })
    await expectGone(ended.id, 'payment_link_expired', /has expired/)
  })

  test('inactive, and active again', async () => {
    const link = await newLink()
    const session = await buy(link.id)
    await api('PATCH', `/api/payment-links/${link.id}/`, tokens.owner, { is_active: false })
    await expectGone(link.id, 'payment_link_inactive', /inactive/)
    expect((await postCheckout(p.app, 'pay', { token: tokenOf(session.json().checkout_url), card: card(CARDS.success) })).json().code).toBe('payment_link_inactive')
    const hosted = await p.app.inject({ url: new URL(session.json().checkout_url).pathname })
    expect(hosted.statusCode).toBe(410)
    expect(hosted.body).toContain('This payment link is inactive')
    await api('PATCH', `/api/payment-links/${link.id}/`, tokens.owner, { is_active: true })
    expect((await buy(link.id)).statusCode).toBe(201)
    expect((await p.app.inject({ url: new URL(session.json().checkout_url).pathname })).statusCode).toBe(200)
  })

  test('deleted (soft): gone for buyers, still readable in the dashboard, hidden from the list', async () => {
    const link = await newLink()
    await buyAndPay(link.id)
    const deleted = await api('DELETE', `/api/payment-links/${link.id}/`, tokens.owner)
    expect(deleted.json()).toMatchObject({ status: 'deleted', deleted_at: expect.any(String), paid_count: 1 })
    await expectGone(link.id, 'payment_link_deleted', /deleted/)
    expect((await api('GET', `/api/payment-links/${link.id}/`, tokens.owner)).json().status).toBe('deleted')
    expect((await api('GET', `/api/payment-links/${link.id}/payments/`, tokens.owner)).json()).toHaveLength(1)
    expect((await api('GET', '/api/payment-links/', tokens.owner)).json().map((l: any) => l.id)).not.toContain(link.id)
    expect((await api('GET', '/api/payment-links/?include_deleted=true', tokens.owner)).json().map((l: any) => l.id)).toContain(link.id)
    expect((await api('PATCH', `/api/payment-links/${link.id}/`, tokens.owner, { name: 'back' })).statusCode).toBe(410)
    expect((await api('DELETE', `/api/payment-links/${link.id}/`, tokens.owner)).statusCode).toBe(404)
  })

  test('used up', async () => {
    const link = await newLink({ max_uses: 1 })
    await buyAndPay(link.id)
    await expectGone(link.id, 'payment_link_used_up', /maximum number of payments/)
  })
})

describe('the public page /l/{uuid}', () => {
  test('server-rendered, strict CSP, no script; shows merchant, products, total, currency and a billing form', async () => {
    const link = await newLink()
    const page = await p.app.inject({ url: `/l/${link.id}` })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    expect(page.headers['content-security-policy']).toContain("default-src 'none'")
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.body).not.toMatch(/<script/i)
    expect(page.body).not.toMatch(/\sstyle=|\son[a-z]+=/i)
    expect(page.body).not.toMatch(/(?:src|href)="https?:/)
    expect(page.body).toContain(`Shop ${m.email}`)
    expect(page.body).toContain('T-shirt')
    expect(page.body).toContain('$50.00')
    expect(page.body).toContain('USD')
    expect(page.body).toMatch(new RegExp(`<form[^>]+method="post" action="/l/${link.id}"`))
    for (const name of ['billing_first_name', 'billing_last_name', 'billing_email', 'billing_country', 'billing_postal_code']) expect(page.body).toContain(`name="${name}"`)
  })

  test('the form creates the session and redirects (303) to the hosted checkout; errors re-render the form', async () => {
    const link = await newLink()
    const form = (fields: Record<string, string>) => p.app.inject({ method: 'POST', url: `/l/${link.id}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() })
    const ok = await form(buyer)
    expect(ok.statusCode).toBe(303)
    const target = new URL(ok.headers.location as string)
    expect(target.pathname).toMatch(/^\/checkout\//)
    const checkoutPage = await p.app.inject({ url: target.pathname })
    expect(checkoutPage.statusCode).toBe(200)
    expect(checkoutPage.body).toContain('$50.00')
    const bad = await form({ ...buyer, billing_email: 'nope', billing_postal_code: '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter a valid email address.')
    expect(bad.body).toContain('value="Ada"')
    const noZip = await form({ ...buyer, billing_postal_code: '' })
    expect(noZip.statusCode).toBe(400)
    expect(noZip.body).toContain('required when billing_country is US')
    expect((await p.app.inject({ url: '/l/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404)
  })
})
