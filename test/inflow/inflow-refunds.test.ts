import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { getWallet } from '../../src/modules/ledger/wallet.service.ts'
import { CARDS } from '../support/checkout.ts'
import { waitFor } from '../support/wait.ts'
import {
  type InflowPlatform,
  ledgerOk,
  payOnInflow,
  pressPay,
  productionCheckout,
  startInflowPlatform,
} from '../support/inflow.ts'
import { apiKeyHeaders, createMerchantFixture, type Merchant } from '../support/platform.ts'

// Refunds through Inflow: processing until FULLY_REFUNDED (completed) or REFUND_FAILED (failed, funds
// released); a partial refund is refused before anything is held or sent (Inflow refunds whole payments).

let p: InflowPlatform
let m: Merchant

beforeAll(async () => {
  p = await startInflowPlatform()
  m = await createMerchantFixture(p.ctx)
  // The wallet must cover a full refund (gross) of a payment credited net of fees: one more payment in it.
  await paidPayment()
})
afterAll(() => p?.close())

const available = async () =>
  (await getWallet(p.ctx.db, { organizationId: m.organizationId, environment: 'production' })).find(
    (w) => w.currency === 'USD',
  )?.available_minor ?? 0

async function paidPayment() {
  const c = await productionCheckout(p, m)
  await payOnInflow((await pressPay(p, c.token)).json().redirect_url, CARDS.success)
  await p.settle()
  return c
}

const refund = (transactionId: string, body: Record<string, unknown>) =>
  p.app.inject({
    method: 'POST',
    url: `/api/transactions/${transactionId}/refund/`,
    headers: apiKeyHeaders(m.productionKey),
    payload: body,
  })
const refundStatus = async (transactionId: string) =>
  (
    await p.app.inject({
      url: `/api/refunds/?transaction_id=${transactionId}`,
      headers: apiKeyHeaders(m.productionKey),
    })
  ).json()

describe('Inflow refunds', () => {
  test('full refund: processing while REFUND_PENDING, completed on FULLY_REFUNDED; payment refunded', async () => {
    const c = await paidPayment()
    p.fake.control({ refundDelayMs: 400 })
    const res = await refund(c.transaction_id, { reason: 'customer asked' })
    expect(res.statusCode, res.body).toBe(200)
    await p.worker.drain()
    const inflowId = [...p.fake.store.payments.values()].find(
      (x) => x.metadatas?.checkoutSessionId === c.checkout_id,
    )?.id
    expect(p.fake.store.get(inflowId as string)?.status).toBe('REFUND_PENDING')
    await p.settle()
    expect(JSON.stringify(await refundStatus(c.transaction_id))).toContain('"processing"')
    await new Promise((r) => setTimeout(r, 500))
    await p.settle()
    p.fake.control({ refundDelayMs: 30 })
    const payment = (
      await p.app.inject({ url: `/api/transactions/${c.transaction_id}/`, headers: apiKeyHeaders(m.productionKey) })
    ).json()
    expect(payment.status).toBe('refunded')
    expect(JSON.stringify(await refundStatus(c.transaction_id))).toContain('"completed"')
    expect(await ledgerOk(p, m.organizationId)).toEqual({ ok: true, broken: [] })
  })

  test('REFUND_FAILED: the refund fails and the held amount returns to the wallet', async () => {
    const c = await paidPayment()
    p.fake.control({ refundFails: true })
    const before = await available()
    expect((await refund(c.transaction_id, { reason: 'r' })).statusCode).toBe(200)
    // The failure arrives by a webhook after the refund call: settle until it has been applied.
    await waitFor(
      async () => {
        await p.worker.drain()
        await p.settle()
        return JSON.stringify(await refundStatus(c.transaction_id)).includes('"failed"')
      },
      { timeout: 30_000, interval: 100, message: 'the refund to fail' },
    )
    p.fake.control({ refundFails: false })
    const payment = (
      await p.app.inject({ url: `/api/transactions/${c.transaction_id}/`, headers: apiKeyHeaders(m.productionKey) })
    ).json()
    expect(payment.status).toBe('paid')
    expect(JSON.stringify(await refundStatus(c.transaction_id))).toContain('"failed"')
    expect(await available()).toBe(before)
    expect(await ledgerOk(p, m.organizationId)).toEqual({ ok: true, broken: [] })
  })

  test('partial refund → 400 partial_refund_not_supported, nothing held, nothing sent', async () => {
    const c = await paidPayment()
    const before = await available()
    const res = await refund(c.transaction_id, { reason: 'half', amount: '10.00' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'partial_refund_not_supported' })
    expect(await available()).toBe(before)
    const inflow = [...p.fake.store.payments.values()].find((x) => x.metadatas?.checkoutSessionId === c.checkout_id)
    expect(inflow?.status).toBe('PAYMENT_SUCCESS')
    expect(await p.worker.drain()).toBe(0)
  })
})
