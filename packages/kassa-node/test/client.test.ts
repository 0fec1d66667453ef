import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Kassa, KassaEvent, Refund } from '@kassa/node'
import { settleDeposit } from '../../../test/support/payments.ts'
import { createWorker } from '../../../src/worker/registry.ts'
import { payCheckout, sdkCheckoutBody, startKassa, type LiveKassa } from './support.ts'

// Every API-key call of the SDK against a real Kassa over HTTP.

let live: LiveKassa
let kassa: Kassa
beforeAll(async () => {
  live = await startKassa({ REFUND_DELAY_MS: '0' })
  kassa = live.client()
})
afterAll(async () => {
  await live?.close()
})

test('checkout.create, checkout.get, payments.get: a checkout paid on the hosted page', async () => {
  const checkout = await kassa.checkout.create(sdkCheckoutBody(live))
  expect(checkout.checkout_url).toMatch(/^http/)
  expect(checkout.transaction_id).toMatch(/^TX/)
  expect(checkout.amount).toBe('100.00')
  expect(checkout.lastResponse.status).toBe(201)
  expect(checkout.lastResponse.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/)
  expect(checkout.lastResponse.replayed).toBe(false)
  // lastResponse is not part of the object's data.
  expect(Object.keys(checkout)).not.toContain('lastResponse')

  const open = await kassa.checkout.get(checkout.checkout_id)
  expect(open).toMatchObject({ checkout_id: checkout.checkout_id, status: 'open' })
  expect((await kassa.payments.get(checkout.transaction_id)).status).toBe('processing')

  await payCheckout(live, checkout.token)
  const payment = await kassa.payments.get(checkout.transaction_id)
  expect(payment).toMatchObject({ id: checkout.transaction_id, status: 'paid', gross_amount: '100.00' })
  expect(payment.card?.last4).toBe('4242')
  expect((await kassa.checkout.get(checkout.checkout_id)).status).toBe('complete')
})

test('refunds.create, refunds.get, and refunds.list as one page and as an iterator over every page', async () => {
  const checkout = await kassa.checkout.create(sdkCheckoutBody(live))
  await payCheckout(live, checkout.token)
  await settleDeposit(live.p.ctx, checkout.transaction_id)
  const created: string[] = []
  for (let i = 1; i <= 5; i++) {
    const refund = await kassa.refunds.create(checkout.transaction_id, { reason: `part ${i}`, amount: `${i}.00` })
    expect(refund).toMatchObject({ amount: `${i}.00`, status: 'processing' })
    created.push(refund.refund_public_id)
  }
  await createWorker(live.p.ctx).drain()
  const one = await kassa.refunds.get(created[0])
  expect(one).toMatchObject({ id: created[0], transaction_id: checkout.transaction_id, reason: 'part 1' })
  expect(one.status).toBe('completed')

  const search = checkout.transaction_id
  const page = await kassa.refunds.list({ search, page_size: 2, ordering: 'amount' })
  expect(page.total).toBe(5)
  expect(page.data.map((r) => r.amount)).toEqual(['1.00', '2.00'])
  expect(page.hasMore).toBe(true)
  const second = await page.nextPage()
  expect(second?.data.map((r) => r.amount)).toEqual(['3.00', '4.00'])

  // Iterating follows the Link header, which keeps the filters (search, ordering, page_size).
  const all: Refund[] = []
  for await (const refund of kassa.refunds.list({ search, page_size: 2, ordering: 'amount' })) all.push(refund)
  expect(all.map((r) => r.id)).toEqual(created)
  const pages = []
  for await (const p of kassa.refunds.list({ search, page_size: 2 }).pages()) pages.push(p.data.length)
  expect(pages).toEqual([2, 2, 1])
  // From a later page on, and with a filter nothing matches.
  expect((await kassa.refunds.list({ search, page_size: 2, page: 3 }).toArray()).length).toBe(1)
  expect(await kassa.refunds.list({ search, status: 'failed' }).toArray()).toEqual([])
})

test('a sandbox key works on the /sandbox/api/ mirror too', async () => {
  const mirror = live.client({ baseUrl: `${live.baseUrl}/sandbox` })
  const checkout = await mirror.checkout.create(sdkCheckoutBody(live))
  expect((await mirror.payments.get(checkout.transaction_id)).status).toBe('processing')
  expect((await mirror.refunds.list()).total).toBeGreaterThan(0)
})

test('webhooks.stream yields the sandbox events as they are recorded', async () => {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), 15_000)
  const stream = kassa.webhooks.stream({ signal: controller.signal })
  const next = stream.next()
  // The stream starts from the moment it opens: give it the time to connect before acting.
  await new Promise((resolve) => setTimeout(resolve, 300))
  const checkout = await kassa.checkout.create(sdkCheckoutBody(live))
  await payCheckout(live, checkout.token)
  const events: KassaEvent[] = [(await next).value as KassaEvent]
  const isPaid = (e: KassaEvent) => e.event === 'transaction.status_changed' && e.status === 'paid'
  if (!isPaid(events[0]))
    for await (const event of stream) {
      events.push(event)
      if (isPaid(event)) break
    }
  await stream.return(undefined)
  clearTimeout(timer)
  const paid = events.find(isPaid)
  expect(paid?.event === 'transaction.status_changed' && paid.transaction_id).toBe(checkout.transaction_id)
  expect(paid?.event_id).toMatch(/^evt_/)
})

test('webhooks.stream refuses a production key with a typed error', async () => {
  const production = live.client({ apiKey: live.m.productionKey })
  await expect(production.webhooks.stream().next()).rejects.toMatchObject({ status: 403, code: 'sandbox_only' })
})
