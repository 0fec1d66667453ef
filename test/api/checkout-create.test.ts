import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  checkoutBody,
  apiKeyHeaders,
  type TestPlatform,
  type Merchant,
} from '../support/platform.ts'
import { updateOrganization } from '../../src/modules/organizations/index.ts'
import { verifyToken } from '../../src/lib/signed-token.ts'

let p: TestPlatform
let m: Merchant
let other: Merchant
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  other = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

const post = (body: unknown, key = m.sandboxKey) =>
  p.app.inject({ method: 'POST', url: '/api/checkout/create/', headers: apiKeyHeaders(key), payload: body as object })

async function expectFieldError(body: unknown, field: string, pattern?: RegExp, key?: string) {
  const res = await post(body, key)
  expect(res.statusCode, res.body).toBe(400)
  const json = res.json()
  expect(json.code).toBeTruthy()
  expect(Object.keys(json.errors ?? {}), res.body).toContain(field)
  if (pattern) expect(json.errors[field].join(' ')).toMatch(pattern)
  return json
}

describe('201 answer', () => {
  test('documented fields, order_id equals checkout_id, checkout_url carries the token', async () => {
    const res = await post(checkoutBody(m.productId))
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body.order_id).toBe(body.checkout_id)
    expect(body.checkout_id).toMatch(new RegExp(`^org${m.organizationId}-\\d{10}-[a-z0-9]{6}$`))
    expect(body.checkout_url).toBe(`http://127.0.0.1:8080/checkout/${body.token}`)
    expect(body.token.length).toBeGreaterThan(60)
    expect(verifyToken(p.ctx.config.secretKey, 'checkout', body.token)).toMatchObject({ c: body.checkout_id })
    expect(body.expires_at).toBeGreaterThan(Date.now() / 1000 + 23.9 * 3600)
    expect(body.expires_at).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 24 * 3600)
    expect(body.transaction_id).toMatch(/^TX[A-Za-z0-9]{16}$/)
    const tx = await p.app.inject({
      url: `/api/transactions/${body.transaction_id}/`,
      headers: apiKeyHeaders(m.sandboxKey),
    })
    expect(tx.json()).toMatchObject({
      status: 'processing',
      currency: 'USD',
      payer_email: 'ada@example.com',
      depositAttempts: [],
    })
  })

  test('currency defaults to USD', async () => {
    const { currency: _omit, ...body } = checkoutBody(m.productId)
    const res = await post(body)
    expect(res.statusCode).toBe(201)
    expect(res.json().currency).toBe('USD')
  })

  test('expires_in_minutes sets the lifetime (30 min – 24 h)', async () => {
    const res = await post(checkoutBody(m.productId, { expires_in_minutes: 30 }))
    expect(res.json().expires_at).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 30 * 60)
    await expectFieldError(checkoutBody(m.productId, { expires_in_minutes: 10 }), 'expires_in_minutes')
  })

  test('HT prices add tax on top: 2 × 23.00 EUR to FR at 20% = 55.20, fee 2.9% + 0.30', async () => {
    const res = await post(
      checkoutBody(m.productId, {
        currency: 'EUR',
        billing_country: 'FR',
        billing_postal_code: undefined,
        products: [{ id: m.productId, quantity: 2 }],
      }),
    )
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ amount: '55.20', subtotal: '46.00', tax_amount: '9.20', currency: 'EUR' })
    const tx = (
      await p.app.inject({
        url: `/api/transactions/${res.json().transaction_id}/`,
        headers: apiKeyHeaders(m.sandboxKey),
      })
    ).json()
    // fee = round(55.20 × 2.9%) + 0.30 = 1.60 + 0.30 = 1.90; net = 53.30; USD at 1.08 = 57.56
    expect(tx).toMatchObject({
      gross_amount: '55.20',
      tax_amount: '9.20',
      fee_amount: '1.90',
      amount: '53.30',
      amount_usd: '57.56',
      fx_rate: '1.08',
    })
  })

  test('TTC prices include tax: 100.00 to DE at 19% = 100.00 charged, 15.97 tax', async () => {
    await updateOrganization(p.ctx.db, other.organizationId, { price_mode: 'TTC' })
    const res = await post(
      checkoutBody(other.usdOnlyProductId, { billing_country: 'DE', billing_postal_code: undefined }),
      other.sandboxKey,
    )
    expect(res.json()).toMatchObject({ amount: '100.00', tax_amount: '15.97', subtotal: '84.03' })
  })

  test('no tax outside the configured countries', async () => {
    const res = await post(checkoutBody(m.usdOnlyProductId))
    expect(res.json()).toMatchObject({ amount: '100.00', tax_amount: '0.00' })
  })

  test('ad-hoc items: number or string unit_price, converted exactly', async () => {
    const res = await post(
      checkoutBody(m.productId, {
        products: [
          { name: 'Consulting', quantity: 3, unit_price: 29.99 },
          { name: 'Fee', unit_price: '0.10' },
        ],
      }),
    )
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().amount).toBe('90.07')
  })

  test('lower-case country is accepted and normalised', async () => {
    expect((await post(checkoutBody(m.productId, { billing_country: 'us' }))).statusCode).toBe(201)
  })
})

describe('validation: every failing field is named', () => {
  test('a real ISO 3166-1 country', () =>
    expectFieldError(checkoutBody(m.productId, { billing_country: 'XX' }), 'billing_country', /ISO 3166/))
  test('country longer than 2 characters', () =>
    expectFieldError(checkoutBody(m.productId, { billing_country: 'USA' }), 'billing_country'))
  test('postal code required for US', () =>
    expectFieldError(checkoutBody(m.productId, { billing_postal_code: undefined }), 'billing_postal_code', /US/))
  test('first name required', () =>
    expectFieldError(checkoutBody(m.productId, { billing_first_name: undefined }), 'billing_first_name', /required/))
  test('blank first name', () =>
    expectFieldError(checkoutBody(m.productId, { billing_first_name: '   ' }), 'billing_first_name'))
  test('last name at most 100 characters', () =>
    expectFieldError(checkoutBody(m.productId, { billing_last_name: 'x'.repeat(101) }), 'billing_last_name', /100/))
  test('email format', () =>
    expectFieldError(checkoutBody(m.productId, { billing_email: 'not-an-email' }), 'billing_email', /email/))
  test('currency enum', () => expectFieldError(checkoutBody(m.productId, { currency: 'GBP' }), 'currency', /USD, EUR/))
  test('products required and non-empty', async () => {
    await expectFieldError(checkoutBody(m.productId, { products: [] }), 'products')
    await expectFieldError(checkoutBody(m.productId, { products: undefined }), 'products', /required/)
  })
  test('quantity ≥ 1 and an integer', async () => {
    await expectFieldError(
      checkoutBody(m.productId, { products: [{ id: m.productId, quantity: 0 }] }),
      'products.0.quantity',
    )
    await expectFieldError(
      checkoutBody(m.productId, { products: [{ id: m.productId, quantity: 1.5 }] }),
      'products.0.quantity',
    )
    await expectFieldError(
      checkoutBody(m.productId, { products: [{ id: m.productId, quantity: '2' }] }),
      'products.0.quantity',
    )
  })
  test('unknown product id', () => expectFieldError(checkoutBody('prod_nope'), 'products.0.id', /Unknown product/))
  test("another organization's product is unknown", () =>
    expectFieldError(checkoutBody(other.productId), 'products.0.id', /Unknown product/))
  test('archived product', async () => {
    await p.ctx.db
      .updateTable('products')
      .set({ status: 'archived' })
      .where('public_id', '=', other.usdOnlyProductId)
      .execute()
    await expectFieldError(checkoutBody(other.usdOnlyProductId), 'products.0.id', /archived/, other.sandboxKey)
    await p.ctx.db
      .updateTable('products')
      .set({ status: 'active' })
      .where('public_id', '=', other.usdOnlyProductId)
      .execute()
  })
  test('product without a price in the currency', () =>
    expectFieldError(checkoutBody(m.usdOnlyProductId, { currency: 'EUR' }), 'products.0.id', /EUR/))
  test('ad-hoc items refused when not enabled', async () => {
    const strict = await createMerchantFixture(p.ctx, { adhoc: false })
    await expectFieldError(
      checkoutBody(strict.productId, { products: [{ name: 'x', unit_price: '1.00' }] }),
      'products.0',
      /not enabled/,
      strict.sandboxKey,
    )
  })
  test('ad-hoc unit_price: more than 2 decimals, zero, negative', async () => {
    await expectFieldError(
      checkoutBody(m.productId, { products: [{ name: 'x', unit_price: 1.234 }] }),
      'products.0.unit_price',
      /2 decimals/,
    )
    await expectFieldError(
      checkoutBody(m.productId, { products: [{ name: 'x', unit_price: '0' }] }),
      'products.0.unit_price',
      /greater than zero/,
    )
    await expectFieldError(
      checkoutBody(m.productId, { products: [{ name: 'x', unit_price: -5 }] }),
      'products.0.unit_price',
    )
  })
  test('an item must be a catalog id or an ad-hoc item', () =>
    expectFieldError(checkoutBody(m.productId, { products: [{ quantity: 1 }] }), 'products.0'))
  test('URLs must be absolute http(s) URIs', () =>
    expectFieldError(checkoutBody(m.productId, { successUrl: 'javascript:alert(1)' }), 'successUrl'))
  test('sandbox_simulate enum', () =>
    expectFieldError(checkoutBody(m.productId, { sandbox_simulate: 'explode' }), 'sandbox_simulate'))
  test('sandbox_simulate with a production key → 400', () =>
    expectFieldError(
      checkoutBody(m.productId, { sandbox_simulate: 'payment_failed' }),
      'sandbox_simulate',
      /sandbox/,
      m.productionKey,
    ))
  test('several bad fields are all reported', async () => {
    const json = await expectFieldError(
      {
        billing_country: 'XX',
        billing_first_name: 'A',
        billing_last_name: 'B',
        billing_email: 'bad',
        products: [{ id: m.productId }],
      },
      'billing_email',
    )
    expect(Object.keys(json.errors)).toEqual(expect.arrayContaining(['billing_email']))
    const json2 = await expectFieldError(checkoutBody('prod_nope', { billing_country: 'XX' }), 'billing_country')
    expect(Object.keys(json2.errors)).toEqual(expect.arrayContaining(['billing_country', 'products.0.id']))
  })
  test('min/max payment of the organization', async () => {
    await updateOrganization(p.ctx.db, m.organizationId, { min_payment_minor: 5000, max_payment_minor: 6000 })
    const low = await post(checkoutBody(m.productId))
    expect(low.statusCode).toBe(400)
    expect(low.json()).toMatchObject({ code: 'amount_out_of_range' })
    expect(low.json().detail).toMatch(/minimum payment of 50.00/)
    const high = await post(checkoutBody(m.usdOnlyProductId))
    expect(high.json().detail).toMatch(/maximum payment of 60.00/)
    await updateOrganization(p.ctx.db, m.organizationId, { min_payment_minor: 100, max_payment_minor: 1_000_000 })
  })
  test('malformed JSON → 400 malformed_json', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/checkout/create/',
      headers: { ...apiKeyHeaders(m.sandboxKey), 'content-type': 'application/json' },
      payload: '{"billing_country": ',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('malformed_json')
  })
  test('oversized body → 413', async () => {
    const res = await post(checkoutBody(m.productId, { billing_phone: 'x'.repeat(300_000) }))
    expect(res.statusCode).toBe(413)
  })
  test('unknown fields are ignored', async () => {
    expect((await post(checkoutBody(m.productId, { color: 'blue' }))).statusCode).toBe(201)
  })
  test('a rejected request writes nothing', async () => {
    const before = await p.ctx.db
      .selectFrom('checkout_sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    await post(checkoutBody('prod_nope'))
    await post(checkoutBody(m.productId, { billing_country: 'XX' }))
    const after = await p.ctx.db
      .selectFrom('checkout_sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })
})
