import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { getWallet } from '../../src/modules/ledger/wallet.service.ts'
import { CARDS, getPayment, postCheckout } from '../support/checkout.ts'
import {
  comeBack,
  type InflowPlatform,
  ledgerOk,
  payOnInflow,
  pressPay,
  productionCheckout,
  startInflowPlatform,
} from '../support/inflow.ts'
import { createMerchantFixture, type Merchant } from '../support/platform.ts'

// Production checkout paid on the local Inflow's page: return before and after the webhooks, retry
// after a decline, reuse of the open Inflow payment, cancel, minimum amount.

let p: InflowPlatform
let m: Merchant

beforeAll(async () => {
  p = await startInflowPlatform()
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p?.close())

const SUCCESS_URL = 'https://shop.example/thanks'
const wallet = async () =>
  (await getWallet(p.ctx.db, { organizationId: m.organizationId, environment: 'production' })).find(
    (w) => w.currency === 'USD',
  )
const inflowPaymentsOf = (checkoutId: string) =>
  [...p.fake.store.payments.values()].filter((x) => x.metadatas?.checkoutSessionId === checkoutId)
const eventsOf = async (transactionId: string) =>
  (
    await p.ctx.db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('subject_id', '=', transactionId)
      .where('type', '=', 'transaction.status_changed')
      .orderBy('id')
      .execute()
  ).map((e) => (e.payload as Record<string, any>).status)

async function startPay(token: string) {
  const res = await pressPay(p, token)
  expect(res.statusCode, res.body).toBe(200)
  const answer = res.json()
  expect(answer).toMatchObject({ result: 'redirect', status: 'PENDING' })
  expect(answer.redirect_url).toMatch(new RegExp(`^${p.fake.url}/pay/pay_`))
  return answer.redirect_url as string
}

describe('production checkout through Inflow', () => {
  test('the page shows the Pay button without card fields', async () => {
    const c = await productionCheckout(p, m)
    const page = await p.app.inject({ url: `/checkout/${c.token}` })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Pay $25.00')
    expect(page.body).not.toContain('id="card-number"')
  })

  test('return before the webhooks: paid with deposit pending, then PAYMENT_SUCCESS settles it once', async () => {
    p.fake.control({ webhooksPaused: true, settleDelayMs: 300 })
    const before = await wallet()
    const c = await productionCheckout(p, m, { successUrl: SUCCESS_URL })
    const purchaseUrl = await startPay(c.token)
    const inflow = inflowPaymentsOf(c.checkout_id)
    expect(inflow).toHaveLength(1)
    expect(inflow[0]).toMatchObject({
      amountInCents: 2500,
      currency: 'USD',
      metadatas: { paymentId: c.transaction_id },
    })
    const back = await comeBack(p, await payOnInflow(purchaseUrl, CARDS.success))
    expect(back.status).toBe(303)
    expect(back.location).toMatch(/^https:\/\/shop\.example\/thanks\?/)
    expect(new URL(back.location as string).searchParams.get('transaction_id')).toBe(c.transaction_id)
    let payment = await getPayment(p.app, m.productionKey, c.transaction_id)
    expect(payment).toMatchObject({ status: 'paid', deposit_status: 'pending' })
    await new Promise((r) => setTimeout(r, 400))
    p.fake.control({ webhooksPaused: false, settleDelayMs: 30 })
    await p.settle()
    payment = await getPayment(p.app, m.productionKey, c.transaction_id)
    expect(payment).toMatchObject({ status: 'paid', deposit_status: 'succeeded' })
    expect(payment.depositAttempts).toMatchObject([{ status: 'succeeded', paymentId: inflow[0].id }])
    expect(await eventsOf(c.transaction_id)).toEqual(['paid'])
    const after = await wallet()
    // Credited once with the net amount (25.00 − 2.9% − 0.30 = 23.97), nothing left pending.
    expect((after?.available_minor ?? 0) - (before?.available_minor ?? 0)).toBe(2397)
    expect(payment.amount).toBe('23.97')
    expect(after?.pending_minor).toBe(before?.pending_minor ?? 0)
    expect(await ledgerOk(p, m.organizationId)).toEqual({ ok: true, broken: [] })
  })

  test('webhooks before the return: the webhook pays it; the return changes nothing more', async () => {
    const c = await productionCheckout(p, m)
    const location = await payOnInflow(await startPay(c.token), CARDS.success)
    await p.settle()
    const paid = await getPayment(p.app, m.productionKey, c.transaction_id)
    expect(paid).toMatchObject({ status: 'paid', deposit_status: 'succeeded' })
    const eventsBefore = await eventsOf(c.transaction_id)
    const back = await comeBack(p, location)
    expect(back.status).toBe(303)
    expect(back.location).toBe(`${p.baseUrl}/checkout/${c.token}`)
    expect(await eventsOf(c.transaction_id)).toEqual(eventsBefore)
    expect(await ledgerOk(p, m.organizationId)).toEqual({ ok: true, broken: [] })
  })

  test('a second Pay reuses the open Inflow payment', async () => {
    const c = await productionCheckout(p, m)
    const first = await startPay(c.token)
    const second = await startPay(c.token)
    expect(second).toBe(first)
    expect(inflowPaymentsOf(c.checkout_id)).toHaveLength(1)
  })

  test('a decline is a failed attempt: back on the page, Pay again makes a new Inflow payment', async () => {
    const c = await productionCheckout(p, m)
    const back = await comeBack(p, await payOnInflow(await startPay(c.token), CARDS.declined))
    expect(back.location).toBe(`${p.baseUrl}/checkout/${c.token}`)
    const session = (await postCheckout(p.app, 'session', { token: c.token })).json()
    expect(session).toMatchObject({ status: 'PENDING', checkout_status: 'open', attempts_remaining: 4 })
    const payment = await getPayment(p.app, m.productionKey, c.transaction_id)
    expect(payment.depositAttempts).toMatchObject([
      { status: 'requires_payment_method', errorMessage: 'Your card was declined.' },
    ])
    await comeBack(p, await payOnInflow(await startPay(c.token), CARDS.success))
    expect(inflowPaymentsOf(c.checkout_id)).toHaveLength(2)
    expect(await getPayment(p.app, m.productionKey, c.transaction_id)).toMatchObject({ status: 'paid' })
  })

  test('cancel on the Inflow page: the payment is canceled and the customer goes to cancel_url', async () => {
    const c = await productionCheckout(p, m, { cancelUrl: 'https://shop.example/cart' })
    const purchaseUrl = await startPay(c.token)
    const res = await fetch(`${purchaseUrl}/cancel`, { redirect: 'manual' })
    const back = await comeBack(p, res.headers.get('location') as string)
    expect(back.location).toMatch(/^https:\/\/shop\.example\/cart\?/)
    expect(await getPayment(p.app, m.productionKey, c.transaction_id)).toMatchObject({ status: 'canceled' })
  })

  test('below Inflow minimum (USD 2.00): Pay is refused naming the minimum, nothing is created', async () => {
    const c = await productionCheckout(p, m, { products: [{ name: 'Sticker', unit_price: '1.50', quantity: 1 }] })
    const res = await pressPay(p, c.token)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'amount_out_of_range', detail: expect.stringContaining('2.00 USD') })
    expect(inflowPaymentsOf(c.checkout_id)).toHaveLength(0)
  })
})
