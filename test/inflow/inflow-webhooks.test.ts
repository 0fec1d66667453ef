import { Webhook } from 'svix'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { CARDS, getPayment } from '../support/checkout.ts'
import {
  INFLOW_TEST_SECRET,
  type InflowPlatform,
  ledgerOk,
  payOnInflow,
  pressPay,
  productionCheckout,
  startInflowPlatform,
} from '../support/inflow.ts'
import { login, tokenHeaders } from '../support/dashboard.ts'
import { createMerchantFixture, type Merchant } from '../support/platform.ts'

// POST /api/providers/inflow/webhook/: verified before parsed; duplicate, replayed, out-of-order and
// batched deliveries change the state once; an amount mismatch moves no money and flags the payment.

let p: InflowPlatform
let m: Merchant

beforeAll(async () => {
  p = await startInflowPlatform()
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p?.close())
beforeEach(() =>
  p.fake.control({ duplicates: false, outOfOrder: false, batch: false, amountTamper: 0, webhooksPaused: false }),
)

const WEBHOOK = '/api/providers/inflow/webhook/'

async function paidThroughWebhooks() {
  const c = await productionCheckout(p, m)
  const res = await pressPay(p, c.token)
  await payOnInflow(res.json().redirect_url, CARDS.success)
  await p.settle()
  return c
}

const statusEvents = async (transactionId: string) =>
  (
    await p.ctx.db
      .selectFrom('events')
      .select('payload')
      .where('subject_id', '=', transactionId)
      .where('type', '=', 'transaction.status_changed')
      .execute()
  ).map((e) => (e.payload as Record<string, any>).status)

const ledgerEntries = async (transactionId: string) =>
  (
    await p.ctx.db
      .selectFrom('journal_entries as e')
      .innerJoin('transactions as t', 't.id', 'e.transaction_id')
      .select('e.kind')
      .where('t.public_id', '=', transactionId)
      .execute()
  ).map((e) => e.kind)

function signed(body: string, id = `msg_${Math.random().toString(36).slice(2)}`, at = new Date()) {
  return {
    'content-type': 'application/json',
    'svix-id': id,
    'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
    'svix-signature': new Webhook(INFLOW_TEST_SECRET).sign(id, at, body),
  }
}

describe('Inflow webhooks', () => {
  test('bad signature, old timestamp, no headers → 400 and nothing changes', async () => {
    const c = await productionCheckout(p, m)
    const res = await pressPay(p, c.token)
    const paymentId = new URL(res.json().redirect_url).pathname.split('/').pop() as string
    const payload = { ...p.fake.store.get(paymentId), status: 'PAYMENT_SUCCESS', depositStatus: 'succeeded' }
    const body = JSON.stringify({ data: [{ eventType: 'payment_status_updated', payload }] })
    const bad = { ...signed(body), 'svix-signature': 'v1,Zm9yZ2Vk' }
    const old = signed(body, 'msg_old', new Date(Date.now() - 6 * 60_000))
    for (const headers of [bad, old, { 'content-type': 'application/json' }]) {
      const answer = await p.app.inject({ method: 'POST', url: WEBHOOK, headers, payload: body })
      expect(answer.statusCode).toBe(400)
      expect(answer.json()).toMatchObject({ code: 'invalid_webhook_signature' })
    }
    await p.settle()
    expect(await getPayment(p.app, m.productionKey, c.transaction_id)).toMatchObject({ status: 'processing' })
    const recorded = await p.ctx.db
      .selectFrom('processor_webhook_deliveries')
      .select('delivery_id')
      .where('delivery_id', 'in', [bad['svix-id'], 'msg_old'])
      .execute()
    expect(recorded).toEqual([])
  })

  test('a forged "paid" event with a valid signature still moves nothing: the read at Inflow decides', async () => {
    const c = await productionCheckout(p, m)
    const res = await pressPay(p, c.token)
    const paymentId = new URL(res.json().redirect_url).pathname.split('/').pop() as string
    const payload = { ...p.fake.store.get(paymentId), status: 'PAYMENT_SUCCESS', updatedAt: new Date().toISOString() }
    const body = JSON.stringify({ data: [{ eventType: 'payment_status_updated', payload }] })
    const answer = await p.app.inject({ method: 'POST', url: WEBHOOK, headers: signed(body), payload: body })
    expect(answer.statusCode).toBe(200)
    await p.worker.drain()
    expect(await getPayment(p.app, m.productionKey, c.transaction_id)).toMatchObject({ status: 'processing' })
  })

  test('replay of a delivered webhook (same svix-id) is acknowledged as a duplicate', async () => {
    const c = await paidThroughWebhooks()
    const delivered = p.fake.webhooks.deliveries.find((d) => d.events.some((e) => e.status === 'CHECKOUT_SUCCESS'))
    if (!delivered) throw new Error('no CHECKOUT_SUCCESS delivery')
    const answer = await p.app.inject({
      method: 'POST',
      url: WEBHOOK,
      headers: signed(delivered.body, delivered.id),
      payload: delivered.body,
    })
    expect(answer.json()).toEqual({ received: true, duplicate: true })
    expect(await p.worker.drain()).toBe(0)
    expect(await statusEvents(c.transaction_id)).toEqual(['paid'])
  })

  test.each([
    ['duplicates', { duplicates: true }],
    ['out-of-order', { outOfOrder: true }],
    ['batched', { batch: true }],
    ['all three', { duplicates: true, outOfOrder: true, batch: true }],
  ])('%s deliveries change the state once', async (_name, switches) => {
    p.fake.control(switches)
    const c = await paidThroughWebhooks()
    expect(await getPayment(p.app, m.productionKey, c.transaction_id)).toMatchObject({
      status: 'paid',
      deposit_status: 'succeeded',
    })
    expect(await statusEvents(c.transaction_id)).toEqual(['paid'])
    expect((await ledgerEntries(c.transaction_id)).sort()).toEqual(['deposit_settled', 'payment_received'].sort())
    expect(await ledgerOk(p, m.organizationId)).toEqual({ ok: true, broken: [] })
  })

  test('amount mismatch: no money moves, the payment is flagged for review in its detail', async () => {
    p.fake.control({ amountTamper: 100 })
    const c = await paidThroughWebhooks()
    const payment = await getPayment(p.app, m.productionKey, c.transaction_id)
    expect(payment.status).toBe('processing')
    expect(payment.review).toMatchObject({ reason: expect.stringContaining('amount_mismatch') })
    expect(payment.review.reason).toContain('26.00 USD')
    expect(await ledgerEntries(c.transaction_id)).toEqual([])
    const token = await login(p.app, m.email, m.password)
    const detail = await p.app.inject({
      url: `/api/payments/${c.transaction_id}/?environment=production`,
      headers: tokenHeaders(token),
    })
    expect(detail.statusCode, detail.body).toBe(200)
    expect(detail.json().review).toMatchObject({ reason: expect.stringContaining('amount_mismatch') })
  })
})
