import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  checkoutBody,
  apiKeyHeaders,
  createCheckoutViaApi,
  type TestPlatform,
  type Merchant,
} from '../support/platform.ts'

let p: TestPlatform
let m: Merchant
let other: Merchant
let created: Awaited<ReturnType<typeof createCheckoutViaApi>>
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  other = await createMerchantFixture(p.ctx)
  created = await createCheckoutViaApi(
    p.app,
    m.sandboxKey,
    checkoutBody(m.productId, { products: [{ id: m.productId, quantity: 2 }] }),
  )
})
afterAll(() => p.close())

const get = (id: string | number, key = m.sandboxKey, prefix = '/api') =>
  p.app.inject({ url: `${prefix}/transactions/${id}/`, headers: apiKeyHeaders(key) })

describe('GET /api/transactions/{id}/', () => {
  test('by public id: documented fields, amount is net of fees', async () => {
    const res = await get(created.transaction_id)
    expect(res.statusCode).toBe(200)
    const tx = res.json()
    expect(tx).toMatchObject({
      id: created.transaction_id,
      order_id: created.order_id,
      status: 'processing',
      currency: 'USD',
      payer_email: 'ada@example.com',
      gross_amount: '50.00',
      fee_amount: '1.75', // 2.9% of 50.00 = 1.45 + 0.30
      amount: '48.25',
      amount_refunded: '0.00',
      depositAttempts: [],
    })
    expect(tx.products).toEqual([{ id: m.productId, name: 'T-shirt', quantity: 2, unit_price: '25.00' }])
    expect(new Date(tx.created_at).toISOString()).toBe(tx.created_at)
  })

  test('by numeric id', async () => {
    const numeric = (await get(created.transaction_id)).json().numeric_id
    const res = await get(numeric)
    expect(res.statusCode).toBe(200)
    expect(res.json().id).toBe(created.transaction_id)
  })

  test('the sandbox mirror reads the same payment', async () => {
    expect((await get(created.transaction_id, m.sandboxKey, '/sandbox/api')).json().id).toBe(created.transaction_id)
  })

  test("another organization's payment is a 404, by public and numeric id", async () => {
    const numeric = (await get(created.transaction_id)).json().numeric_id
    expect((await get(created.transaction_id, other.sandboxKey)).statusCode).toBe(404)
    expect((await get(numeric, other.sandboxKey)).statusCode).toBe(404)
  })

  test('the other environment of the same organization is a 404', async () => {
    expect((await get(created.transaction_id, m.productionKey)).statusCode).toBe(404)
  })

  test('unknown and malformed ids are 404', async () => {
    expect((await get('TXnope')).statusCode).toBe(404)
    expect((await get('999999')).statusCode).toBe(404)
    expect((await get('0')).statusCode).toBe(404)
    expect((await get('RF123')).statusCode).toBe(404)
    expect((await get('%27%3B--')).statusCode).toBe(404)
  })

  test('wrong credentials → 401', async () => {
    expect((await p.app.inject({ url: `/api/transactions/${created.transaction_id}/` })).statusCode).toBe(401)
    expect((await get(created.transaction_id, 'sk_test_bogus')).statusCode).toBe(401)
  })

  test('depositAttempts are the full list, newest first', async () => {
    const tx = await p.ctx.db
      .selectFrom('transactions')
      .select('id')
      .where('public_id', '=', created.transaction_id)
      .executeTakeFirstOrThrow()
    await p.ctx.db
      .insertInto('deposit_attempts')
      .values([
        {
          transaction_id: tx.id,
          status: 'requires_payment_method',
          payment_id: 'sim_1',
          error_message: 'Your card has insufficient funds.',
          card_brand: 'visa',
          card_last4: '9995',
          attempted_at: new Date(Date.now() - 60_000),
        },
        {
          transaction_id: tx.id,
          status: 'succeeded',
          payment_id: 'sim_2',
          error_message: null,
          card_brand: 'visa',
          card_last4: '4242',
          attempted_at: new Date(),
        },
      ])
      .execute()
    const attempts = (await get(created.transaction_id)).json().depositAttempts
    expect(attempts.map((a: { paymentId: string }) => a.paymentId)).toEqual(['sim_2', 'sim_1'])
    expect(attempts[1]).toMatchObject({
      status: 'requires_payment_method',
      errorMessage: 'Your card has insufficient funds.',
      paymentMethod: 'card',
    })
  })
})

describe('GET /api/checkout/{checkout_id}/', () => {
  test('status of the session and its transaction', async () => {
    const res = await p.app.inject({
      url: `/api/checkout/${created.checkout_id}/`,
      headers: apiKeyHeaders(m.sandboxKey),
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      checkout_id: created.checkout_id,
      status: 'open',
      transaction_id: created.transaction_id,
      transaction_status: 'processing',
      amount: '50.00',
    })
  })
  test('other tenant → 404; no key → 401', async () => {
    expect(
      (await p.app.inject({ url: `/api/checkout/${created.checkout_id}/`, headers: apiKeyHeaders(other.sandboxKey) }))
        .statusCode,
    ).toBe(404)
    expect(
      (await p.app.inject({ url: `/api/checkout/${created.checkout_id}/`, headers: apiKeyHeaders(m.productionKey) }))
        .statusCode,
    ).toBe(404)
    expect((await p.app.inject({ url: `/api/checkout/${created.checkout_id}/` })).statusCode).toBe(401)
  })
})
