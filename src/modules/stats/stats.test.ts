import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CARDS, card, postCheckout, tokenOf } from '../../../test/support/checkout.ts'
import { login, tokenHeaders } from '../../../test/support/dashboard.ts'
import { payPayment } from '../../../test/support/payments.ts'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'

let p: TestPlatform
let m: Merchant
let token: string
const today = () => p.clock.now().toISOString().slice(0, 10)
const stats = (query = '') => p.app.inject({ url: `/api/organization/stats/?${query}`, headers: tokenHeaders(token) })

beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  token = await login(p.app, m.email, m.password)
  // USD: one paid on the hosted page (25.00), one declined (an attempt, still processing), one never tried.
  const paid = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
  expect(
    (await postCheckout(p.app, 'pay', { token: tokenOf(paid.checkout_url), card: card(CARDS.success) })).statusCode,
  ).toBe(200)
  const declined = await createCheckoutViaApi(
    p.app,
    m.sandboxKey,
    checkoutBody(m.productId, { products: [{ id: m.productId, quantity: 2 }] }),
  )
  await postCheckout(p.app, 'pay', { token: tokenOf(declined.checkout_url), card: card(CARDS.declined) })
  await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.usdOnlyProductId))
  // EUR: 23.00 paid and settled, then 5.00 refunded.
  const eur = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId, { currency: 'EUR' }))
  await payPayment(p.ctx, eur.transaction_id, { settled: true })
  const refund = await p.app.inject({
    method: 'POST',
    url: `/api/transactions/${eur.transaction_id}/refund/`,
    headers: apiKeyHeaders(m.sandboxKey),
    payload: { reason: 'damaged', amount: '5.00' },
  })
  expect(refund.statusCode).toBe(200)
})
afterAll(() => p?.close())

describe('GET /api/organization/stats/', () => {
  test('per currency: volume, counts, success rate and refunds; never-attempted checkouts counted apart', async () => {
    const res = await stats()
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({
      environment: 'sandbox',
      to: today(),
      interval: 'day',
      time_zone: 'UTC',
      include_incomplete: false,
    })
    const [eur, usd] = body.currencies
    expect(usd).toMatchObject({
      currency: 'USD',
      gross_volume: '25.00',
      payment_count: 2,
      paid_count: 1,
      incomplete_count: 1,
      success_rate: 0.5,
      refund_count: 0,
      refunded_amount: '0.00',
    })
    expect(eur).toMatchObject({
      currency: 'EUR',
      gross_volume: '23.00',
      payment_count: 1,
      paid_count: 1,
      refunded_amount: '5.00',
    })
    expect(usd.days).toHaveLength(30)
    expect(usd.days.at(-1)).toEqual({
      date: today(),
      gross_volume: '25.00',
      payment_count: 2,
      paid_count: 1,
      refunded_amount: '0.00',
    })
    expect(usd.days[0]).toMatchObject({ payment_count: 0, gross_volume: '0.00' })

    const all = (await stats('include_incomplete=true')).json()
    expect(all.currencies[1]).toMatchObject({ payment_count: 3, incomplete_count: 1, success_rate: 0.3333 })
    expect((await stats('environment=production')).json().currencies).toEqual([])
    expect((await stats(`from=${today()}&to=${today()}`)).json().currencies[1].days).toHaveLength(1)
  })

  test('the aggregates kept by trigger equal a count over the payments themselves', async () => {
    const { rows: kept } = await sql<{ k: string }>`
      select concat_ws('|', organization_id, environment, day, currency, status, attempted, n, gross_minor) as k
        from payment_daily_stats where n > 0 order by 1`.execute(p.ctx.db)
    const { rows: counted } = await sql<{ k: string }>`
      select concat_ws('|', organization_id, environment, (created_at at time zone 'UTC')::date, currency, status,
                       first_attempt_at is not null, count(*), sum(gross_amount_minor)) as k
        from transactions group by organization_id, environment, (created_at at time zone 'UTC')::date, currency, status, first_attempt_at is not null
       order by 1`.execute(p.ctx.db)
    expect(kept.map((r) => r.k)).toEqual(counted.map((r) => r.k))
    expect(kept.length).toBeGreaterThanOrEqual(3)
  })

  test('bad ranges are refused naming the field', async () => {
    const reversed = await stats('from=2026-02-01&to=2026-01-01')
    expect([reversed.statusCode, reversed.json().errors]).toEqual([400, { from: ['Must not be after `to`.'] }])
    const bad = await stats('to=2026-02-30')
    expect([bad.statusCode, Object.keys(bad.json().errors)]).toEqual([400, ['to', 'from']])
    const long = await stats('from=2024-01-01&to=2026-01-01')
    expect(long.json().errors.from).toEqual(['The range is at most 366 days.'])
    expect((await stats('interval=week')).statusCode).toBe(400)
    const key = await p.app.inject({ url: '/api/organization/stats/', headers: apiKeyHeaders(m.sandboxKey) })
    expect(key.statusCode).toBe(401)
  })
})
