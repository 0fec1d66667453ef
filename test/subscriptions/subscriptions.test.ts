import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import {
  customer,
  subscriptionHarness,
  tokenOf,
  type Charge,
  type SubscriptionHarness,
} from '../support/subscriptions.ts'

let h: SubscriptionHarness
beforeAll(async () => {
  h = await subscriptionHarness()
})
// Every scenario leaves the ledger consistent (`kassa ledger check`), credit balances included.
afterEach(() => h.ledgerClean())
afterAll(() => h.p.close())

describe('create and pay', () => {
  test('create → incomplete with checkout_url; paying on the page → active; the charge is a payment', async () => {
    const sub = await h.newSubscription()
    expect(sub).toMatchObject({ status: 'incomplete', plan: { unit_amount: '12.00', recurring_interval: 'month' } })
    expect(sub.id).toMatch(/^sub_/)
    expect(sub.checkout_url).toMatch(/\/billing\//)
    const page = await h.p.app.inject({ method: 'GET', url: `/billing/${tokenOf(sub)}` })
    expect(page.body).toContain('$12.00 every month')
    const paid = await h.payOnPage(tokenOf(sub))
    expect(paid.statusCode, paid.body).toBe(200)
    const after = await h.get(sub.id)
    expect(after.status).toBe('active')
    expect(after.charges).toHaveLength(1)
    expect(after.charges[0]).toMatchObject({ kind: 'initial', status: 'paid' })
    const tx = await h.p.app.inject({
      method: 'GET',
      url: `/api/transactions/${after.charges[0].id}/`,
      headers: { authorization: `Api-Key ${h.m.sandboxKey}` },
    })
    expect(tx.json()).toMatchObject({ subscription_id: sub.id, charge_kind: 'initial', status: 'paid' })
    const list = await h.api('GET', '/api/payments/?environment=sandbox')
    expect(list.json().map((x: { id: string }) => x.id)).toContain(after.charges[0].id)
    const events = await h.p.ctx.db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('subject_id', 'in', [sub.id, after.charges[0].id])
      .execute()
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['subscription.status_changed', 'transaction.status_changed']),
    )
    const txEvent = events.find((e) => e.type === 'transaction.status_changed') as unknown as {
      payload: { subscription_id?: string }
    }
    expect(txEvent.payload.subscription_id).toBe(sub.id)
    await h.ledgerClean()
  })

  test('delete refused once charges exist; archived without', async () => {
    const sub = await h.newSubscription()
    expect((await h.api('DELETE', `/api/subscriptions/${sub.id}/`)).statusCode).toBe(204)
    expect((await h.api('GET', `/api/subscriptions/${sub.id}/`)).statusCode).toBe(404)
    const paid = await h.newSubscription()
    await h.payOnPage(tokenOf(paid))
    const res = await h.api('DELETE', `/api/subscriptions/${paid.id}/`)
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('subscription_has_charges')
  })

  test('bad input names the field; lists page with X-Total-Count', async () => {
    const res = await h.api('POST', '/api/subscriptions/', {
      product_id: h.m.productId,
      currency: 'USD',
      customer: { ...customer, country: 'ZZ' },
    })
    expect(res.statusCode).toBe(400)
    expect(Object.keys(res.json().errors).sort()).toEqual(['customer.country', 'product_id'])
    const list = await h.api('GET', '/api/subscriptions/?status=active&page_size=1')
    expect(list.statusCode).toBe(200)
    expect(Number(list.headers['x-total-count'])).toBeGreaterThanOrEqual(1)
    expect(list.json()).toHaveLength(1)
  })
})

describe('on a test clock', () => {
  test('a year of monthly billing anchored on Jan 31 (month ends, leap day): 12 charges, ledger clean', async () => {
    const clock = await h.newClock('2028-01-31T10:00:00Z')
    const sub = await h.newSubscription({ test_clock_id: clock })
    await h.payOnPage(tokenOf(sub))
    const started = Date.now()
    await h.advance(clock, '2029-01-15T00:00:00Z')
    expect(Date.now() - started).toBeLessThan(20_000)
    const after = await h.get(sub.id)
    expect(after.status).toBe('active')
    expect(after.charges).toHaveLength(12)
    const days = after.charges.map((c: Charge) => c.created_at.slice(0, 10)).reverse()
    expect(days.slice(0, 4)).toEqual(['2028-01-31', '2028-02-29', '2028-03-31', '2028-04-30'])
    expect(after.charges.every((c: Charge) => c.status === 'paid')).toBe(true)
    expect(after.current_period_end).toBe('2029-01-31T10:00:00.000Z')
    await h.ledgerClean()
  })

  test('in the organization time zone (New York): month ends, leap day and DST keep 23:30 local', async () => {
    const set = await h.api('PATCH', '/api/organization/', { timezone: 'America/New_York' })
    expect(set.statusCode, set.body).toBe(200)
    expect(set.json().timezone).toBe('America/New_York')
    expect((await h.api('PATCH', '/api/organization/', { timezone: 'Mars/Olympus' })).json().errors).toHaveProperty(
      'timezone',
    )
    try {
      const clock = await h.newClock('2028-02-01T04:30:00Z') // 31 January 23:30 in New York
      const sub = await h.newSubscription({ test_clock_id: clock })
      await h.payOnPage(tokenOf(sub))
      await h.advance(clock, '2028-05-15T00:00:00Z')
      const charges = (await h.get(sub.id)).charges.map((c: Charge) => c.created_at).reverse()
      expect(charges).toEqual([
        '2028-02-01T04:30:00.000Z',
        '2028-03-01T04:30:00.000Z', // 29 February 23:30 EST
        '2028-04-01T03:30:00.000Z', // 31 March 23:30 EDT
        '2028-05-01T03:30:00.000Z', // 30 April 23:30 EDT
      ])
    } finally {
      await h.api('PATCH', '/api/organization/', { timezone: 'UTC' })
    }
    await h.ledgerClean()
  })

  test('trial, its 3-day notice, then the first renewal', async () => {
    const clock = await h.newClock('2027-03-01T00:00:00Z')
    const sub = await h.newSubscription({ test_clock_id: clock, trial_days: 14 })
    await h.payOnPage(tokenOf(sub))
    expect(await h.get(sub.id)).toMatchObject({
      status: 'trialing',
      trial_end: '2027-03-15T00:00:00.000Z',
      charges: [],
    })
    await h.advance(clock, '2027-03-12T00:00:00Z')
    const notice = await h.p.ctx.db
      .selectFrom('events')
      .select('type')
      .where('subject_id', '=', sub.id)
      .where('type', '=', 'subscription.trial_will_end')
      .execute()
    expect(notice).toHaveLength(1)
    await h.advance(clock, '2027-03-16T00:00:00Z')
    const after = await h.get(sub.id)
    expect(after).toMatchObject({ status: 'active', current_period_end: '2027-04-15T00:00:00.000Z' })
    expect(after.charges).toMatchObject([{ kind: 'renewal', status: 'paid' }])
    await h.ledgerClean()
  })

  test('0341: past_due, retries 1, 3, 7 days after, then unpaid; a card update retries at once → active', async () => {
    const clock = await h.newClock('2027-05-10T00:00:00Z')
    const sub = await h.newSubscription({ test_clock_id: clock })
    expect((await h.payOnPage(tokenOf(sub), '4000000000000341')).statusCode).toBe(200)
    expect((await h.get(sub.id)).status).toBe('active')
    await h.advance(clock, '2027-06-10T00:00:01Z')
    expect(await h.get(sub.id)).toMatchObject({ status: 'past_due', next_charge_at: '2027-06-11T00:00:00.000Z' })
    const email = await h.p.ctx.db
      .selectFrom('email_outbox')
      .select('body_text')
      .where('to_address', '=', customer.email)
      .execute()
    expect(email.some((e) => e.body_text.includes(`/billing/${tokenOf(sub)}`))).toBe(true)
    await h.advance(clock, '2027-06-14T00:00:00Z')
    expect((await h.get(sub.id)).charges.map((c: Charge) => c.kind)).toEqual(['retry', 'retry', 'renewal', 'initial'])
    await h.advance(clock, '2027-06-18T00:00:00Z')
    const final = await h.get(sub.id)
    expect(final.status).toBe('unpaid')
    expect(final.charges.filter((c: Charge) => c.status === 'failed')).toHaveLength(4)

    const second = await h.newSubscription({ test_clock_id: clock })
    await h.payOnPage(tokenOf(second), '4000000000000341')
    await h.advance(clock, '2027-07-18T00:00:01Z')
    expect((await h.get(second.id)).status).toBe('past_due')
    await h.payOnPage(tokenOf(second), '4242424242424242')
    const fixed = await h.get(second.id)
    expect(fixed.status).toBe('active')
    expect(fixed.charges[0]).toMatchObject({ kind: 'retry', status: 'paid' })
    await h.ledgerClean()
  })

  test('cancel at period end vs now', async () => {
    const clock = await h.newClock('2027-08-01T00:00:00Z')
    const later = await h.newSubscription({ test_clock_id: clock })
    const now = await h.newSubscription({ test_clock_id: clock })
    await h.payOnPage(tokenOf(later))
    await h.payOnPage(tokenOf(now))
    const pending = await h.api('POST', `/api/subscriptions/${later.id}/cancel/`, { at_period_end: true })
    expect(pending.json()).toMatchObject({ status: 'active', cancel_at_period_end: true, next_charge_at: null })
    const canceled = await h.api('POST', `/api/subscriptions/${now.id}/cancel/`, { at_period_end: false })
    expect(canceled.json()).toMatchObject({ status: 'canceled' })
    await h.advance(clock, '2027-09-02T00:00:00Z')
    const ended = await h.get(later.id)
    expect(ended.status).toBe('canceled')
    expect(ended.charges).toHaveLength(1)
  })
})
