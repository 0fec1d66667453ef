import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { subscriptionHarness, tokenOf, type SubscriptionHarness } from '../support/subscriptions.ts'

// A subscribed price never changes amount or cadence: PATCH /api/products/{id}/ makes a new price
// (a new price id); existing subscriptions keep theirs, new subscriptions are sold at the new one.

let h: SubscriptionHarness
beforeAll(async () => {
  h = await subscriptionHarness()
})
// Every scenario leaves the ledger consistent (`kassa ledger check`), credit balances included.
afterEach(() => h.ledgerClean())
afterAll(() => h.p.close())

const priceOf = async (productId: string) => (await h.api('GET', `/api/products/${productId}/`)).json().prices[0]

async function patchPrice(productId: string, price: Record<string, unknown>) {
  const res = await h.api('PATCH', `/api/products/${productId}/`, { prices: [{ currency: 'USD', ...price }] })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().prices[0]
}

describe('a subscribed price is immutable', () => {
  test('an unsubscribed price is edited in place (same id)', async () => {
    const productId = await h.newProduct('10.00')
    const before = await priceOf(productId)
    expect(before.id).toMatch(/^price_/)
    const after = await patchPrice(productId, { amount: '11.00', recurring_interval: 'month' })
    expect(after).toMatchObject({ id: before.id, amount: '11.00' })
  })

  test('amount change: a new price; the old subscription renews at its price, a new one at the new price', async () => {
    const productId = await h.newProduct('12.00')
    const clock = await h.newClock('2028-03-01T10:00:00Z')
    const old = await h.newSubscription({ product_id: productId, test_clock_id: clock })
    await h.payOnPage(tokenOf(old))
    const before = await priceOf(productId)
    expect((await h.get(old.id)).plan.price_id).toBe(before.id)

    const renamed = await h.api('PATCH', `/api/products/${productId}/`, { name: 'Renamed plan' })
    expect(renamed.json().prices[0].id).toBe(before.id)
    const trial = await patchPrice(productId, { amount: '12.00', recurring_interval: 'month', trial_days: 7 })
    expect(trial.id).toBe(before.id)

    const after = await patchPrice(productId, { amount: '15.00', recurring_interval: 'month' })
    expect(after.id).toMatch(/^price_/)
    expect(after.id).not.toBe(before.id)
    expect(await h.get(old.id)).toMatchObject({ plan: { price_id: before.id, unit_amount: '12.00' } })

    await h.advance(clock, '2028-04-02T10:00:00Z')
    const renewed = await h.get(old.id)
    // 12.00 plus the 19 % German tax, as the first charge: the renewal is billed at the old price.
    expect(renewed.charges.map((c: { kind: string; amount: string }) => [c.kind, c.amount])).toEqual([
      ['renewal', '14.28'],
      ['initial', '14.28'],
    ])
    const fresh = await h.get((await h.newSubscription({ product_id: productId })).id)
    expect(fresh.plan).toMatchObject({ price_id: after.id, unit_amount: '15.00' })
    await h.ledgerClean()
  })

  test('cadence change (interval or count) makes a new price too; the subscription keeps its cadence', async () => {
    const productId = await h.newProduct('20.00')
    const sub = await h.newSubscription({ product_id: productId })
    const before = await priceOf(productId)
    const yearly = await patchPrice(productId, { amount: '20.00', recurring_interval: 'year' })
    expect(yearly.id).not.toBe(before.id)
    const fresh = await h.get((await h.newSubscription({ product_id: productId })).id)
    expect(fresh.plan).toMatchObject({ price_id: yearly.id, recurring_interval: 'year' })
    const quarterly = await patchPrice(productId, {
      amount: '20.00',
      recurring_interval: 'year',
      recurring_interval_count: 2,
    })
    expect(quarterly.id).not.toBe(yearly.id)
    expect((await h.get(sub.id)).plan).toMatchObject({
      price_id: before.id,
      recurring_interval: 'month',
      recurring_interval_count: 1,
    })
  })
})
