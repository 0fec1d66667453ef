import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createMerchantFixture, createTestPlatform, type Merchant, type TestPlatform } from '../support/platform.ts'
import { login, tokenHeaders } from '../support/dashboard.ts'
import { runLedgerCheck } from '../../src/modules/ledger/index.ts'
import { reconcileStaleCharges } from '../../src/modules/subscriptions/index.ts'
import { openCharge } from '../../src/modules/subscriptions/subscription-charges.service.ts'
import { getSavedMethods } from '../../src/modules/provider/index.ts'

let p: TestPlatform
let m: Merchant
let token: string
let productId: string

beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  token = await login(p.app, m.email, m.password)
  const res = await api('POST', '/api/products/', {
    name: 'Pro plan',
    prices: [{ currency: 'USD', amount: '12.00', recurring_interval: 'month' }],
  })
  expect(res.statusCode, res.body).toBe(201)
  productId = res.json().id
})
afterAll(() => p.close())

function api(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
  return p.app.inject({
    method,
    url,
    headers: tokenHeaders(token),
    ...(payload === undefined ? {} : { payload: payload as object }),
  })
}

const customer = { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', country: 'DE' }

async function newSubscription(body: Record<string, unknown> = {}) {
  const res = await api('POST', '/api/subscriptions/', { product_id: productId, currency: 'USD', customer, ...body })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

const tokenOf = (sub: { checkout_url: string }) => sub.checkout_url.split('/billing/')[1]

function payOnPage(billingToken: string, number = '4242424242424242') {
  return p.app.inject({
    method: 'POST',
    url: `/billing/${billingToken}/card`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ number, expiry: '12 / 34', cvc: '123', name: 'Ada Lovelace' }).toString(),
  })
}

const get = async (id: string) => (await api('GET', `/api/subscriptions/${id}/`)).json()
type Charge = { id: string; kind: string; status: string; created_at: string }

async function ledgerClean() {
  const report = await runLedgerCheck(p.ctx.db, { organizationId: m.organizationId })
  expect(report.checks.filter((c) => !c.ok)).toEqual([])
}

async function newClock(at: string) {
  const res = await api('POST', '/api/test-clocks/', { frozen_time: at })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().id as string
}

async function advance(clock: string, at: string) {
  const res = await api('POST', `/api/test-clocks/${clock}/advance/`, { frozen_time: at })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

describe('create and pay', () => {
  test('create → incomplete with checkout_url; paying on the page → active; the charge is a payment', async () => {
    const sub = await newSubscription()
    expect(sub).toMatchObject({ status: 'incomplete', plan: { unit_amount: '12.00', recurring_interval: 'month' } })
    expect(sub.id).toMatch(/^sub_/)
    expect(sub.checkout_url).toMatch(/\/billing\//)
    const page = await p.app.inject({ method: 'GET', url: `/billing/${tokenOf(sub)}` })
    expect(page.body).toContain('$12.00 every month')
    const paid = await payOnPage(tokenOf(sub))
    expect(paid.statusCode, paid.body).toBe(200)
    const after = await get(sub.id)
    expect(after.status).toBe('active')
    expect(after.charges).toHaveLength(1)
    expect(after.charges[0]).toMatchObject({ kind: 'initial', status: 'paid' })
    const tx = await p.app.inject({
      method: 'GET',
      url: `/api/transactions/${after.charges[0].id}/`,
      headers: { authorization: `Api-Key ${m.sandboxKey}` },
    })
    expect(tx.json()).toMatchObject({ subscription_id: sub.id, charge_kind: 'initial', status: 'paid' })
    const list = await api('GET', '/api/payments/?environment=sandbox')
    expect(list.json().map((x: { id: string }) => x.id)).toContain(after.charges[0].id)
    const events = await p.ctx.db
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
    await ledgerClean()
  })

  test('delete refused once charges exist; archived without', async () => {
    const sub = await newSubscription()
    expect((await api('DELETE', `/api/subscriptions/${sub.id}/`)).statusCode).toBe(204)
    expect((await api('GET', `/api/subscriptions/${sub.id}/`)).statusCode).toBe(404)
    const paid = await newSubscription()
    await payOnPage(tokenOf(paid))
    const res = await api('DELETE', `/api/subscriptions/${paid.id}/`)
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('subscription_has_charges')
  })

  test('bad input names the field; lists page with X-Total-Count', async () => {
    const res = await api('POST', '/api/subscriptions/', {
      product_id: m.productId,
      currency: 'USD',
      customer: { ...customer, country: 'ZZ' },
    })
    expect(res.statusCode).toBe(400)
    expect(Object.keys(res.json().errors).sort()).toEqual(['customer.country', 'product_id'])
    const list = await api('GET', '/api/subscriptions/?status=active&page_size=1')
    expect(list.statusCode).toBe(200)
    expect(Number(list.headers['x-total-count'])).toBeGreaterThanOrEqual(1)
    expect(list.json()).toHaveLength(1)
  })
})

describe('on a test clock', () => {
  test('a year of monthly billing anchored on Jan 31 (month ends, leap day): 12 charges, ledger clean', async () => {
    const clock = await newClock('2028-01-31T10:00:00Z')
    const sub = await newSubscription({ test_clock_id: clock })
    await payOnPage(tokenOf(sub))
    const started = Date.now()
    await advance(clock, '2029-01-15T00:00:00Z')
    expect(Date.now() - started).toBeLessThan(20_000)
    const after = await get(sub.id)
    expect(after.status).toBe('active')
    expect(after.charges).toHaveLength(12)
    const days = after.charges.map((c: Charge) => c.created_at.slice(0, 10)).reverse()
    expect(days.slice(0, 4)).toEqual(['2028-01-31', '2028-02-29', '2028-03-31', '2028-04-30'])
    expect(after.charges.every((c: Charge) => c.status === 'paid')).toBe(true)
    expect(after.current_period_end).toBe('2029-01-31T10:00:00.000Z')
    await ledgerClean()
  })

  test('in the organization time zone (New York): month ends, leap day and DST keep 23:30 local', async () => {
    const set = await api('PATCH', '/api/organization/', { timezone: 'America/New_York' })
    expect(set.statusCode, set.body).toBe(200)
    expect(set.json().timezone).toBe('America/New_York')
    expect((await api('PATCH', '/api/organization/', { timezone: 'Mars/Olympus' })).json().errors).toHaveProperty(
      'timezone',
    )
    try {
      const clock = await newClock('2028-02-01T04:30:00Z') // 31 January 23:30 in New York
      const sub = await newSubscription({ test_clock_id: clock })
      await payOnPage(tokenOf(sub))
      await advance(clock, '2028-05-15T00:00:00Z')
      const charges = (await get(sub.id)).charges.map((c: Charge) => c.created_at).reverse()
      expect(charges).toEqual([
        '2028-02-01T04:30:00.000Z',
        '2028-03-01T04:30:00.000Z', // 29 February 23:30 EST
        '2028-04-01T03:30:00.000Z', // 31 March 23:30 EDT
        '2028-05-01T03:30:00.000Z', // 30 April 23:30 EDT
      ])
    } finally {
      await api('PATCH', '/api/organization/', { timezone: 'UTC' })
    }
    await ledgerClean()
  })

  test('trial, its 3-day notice, then the first renewal', async () => {
    const clock = await newClock('2027-03-01T00:00:00Z')
    const sub = await newSubscription({ test_clock_id: clock, trial_days: 14 })
    await payOnPage(tokenOf(sub))
    expect(await get(sub.id)).toMatchObject({ status: 'trialing', trial_end: '2027-03-15T00:00:00.000Z', charges: [] })
    await advance(clock, '2027-03-12T00:00:00Z')
    const notice = await p.ctx.db
      .selectFrom('events')
      .select('type')
      .where('subject_id', '=', sub.id)
      .where('type', '=', 'subscription.trial_will_end')
      .execute()
    expect(notice).toHaveLength(1)
    await advance(clock, '2027-03-16T00:00:00Z')
    const after = await get(sub.id)
    expect(after).toMatchObject({ status: 'active', current_period_end: '2027-04-15T00:00:00.000Z' })
    expect(after.charges).toMatchObject([{ kind: 'renewal', status: 'paid' }])
    await ledgerClean()
  })

  test('0341: past_due, retries 1, 3, 7 days after, then unpaid; a card update retries at once → active', async () => {
    const clock = await newClock('2027-05-10T00:00:00Z')
    const sub = await newSubscription({ test_clock_id: clock })
    expect((await payOnPage(tokenOf(sub), '4000000000000341')).statusCode).toBe(200)
    expect((await get(sub.id)).status).toBe('active')
    await advance(clock, '2027-06-10T00:00:01Z')
    expect(await get(sub.id)).toMatchObject({ status: 'past_due', next_charge_at: '2027-06-11T00:00:00.000Z' })
    const email = await p.ctx.db
      .selectFrom('email_outbox')
      .select('body_text')
      .where('to_address', '=', customer.email)
      .execute()
    expect(email.some((e) => e.body_text.includes(`/billing/${tokenOf(sub)}`))).toBe(true)
    await advance(clock, '2027-06-14T00:00:00Z')
    expect((await get(sub.id)).charges.map((c: Charge) => c.kind)).toEqual(['retry', 'retry', 'renewal', 'initial'])
    await advance(clock, '2027-06-18T00:00:00Z')
    const final = await get(sub.id)
    expect(final.status).toBe('unpaid')
    expect(final.charges.filter((c: Charge) => c.status === 'failed')).toHaveLength(4)

    const second = await newSubscription({ test_clock_id: clock })
    await payOnPage(tokenOf(second), '4000000000000341')
    await advance(clock, '2027-07-18T00:00:01Z')
    expect((await get(second.id)).status).toBe('past_due')
    await payOnPage(tokenOf(second), '4242424242424242')
    const fixed = await get(second.id)
    expect(fixed.status).toBe('active')
    expect(fixed.charges[0]).toMatchObject({ kind: 'retry', status: 'paid' })
    await ledgerClean()
  })

  test('cancel at period end vs now', async () => {
    const clock = await newClock('2027-08-01T00:00:00Z')
    const later = await newSubscription({ test_clock_id: clock })
    const now = await newSubscription({ test_clock_id: clock })
    await payOnPage(tokenOf(later))
    await payOnPage(tokenOf(now))
    const pending = await api('POST', `/api/subscriptions/${later.id}/cancel/`, { at_period_end: true })
    expect(pending.json()).toMatchObject({ status: 'active', cancel_at_period_end: true, next_charge_at: null })
    const canceled = await api('POST', `/api/subscriptions/${now.id}/cancel/`, { at_period_end: false })
    expect(canceled.json()).toMatchObject({ status: 'canceled' })
    await advance(clock, '2027-09-02T00:00:00Z')
    const ended = await get(later.id)
    expect(ended.status).toBe('canceled')
    expect(ended.charges).toHaveLength(1)
  })
})

describe('one charge per period', () => {
  test('50 concurrent "charge now" on a past_due subscription make one retry charge', async () => {
    const clock = await newClock('2027-10-01T00:00:00Z')
    const sub = await newSubscription({ test_clock_id: clock })
    await payOnPage(tokenOf(sub), '4000000000000341')
    await advance(clock, '2027-11-01T00:00:01Z')
    expect((await get(sub.id)).status).toBe('past_due')
    // The issuer now accepts the saved card: its token at the processor charges fine.
    const s = await p.ctx.db
      .selectFrom('subscriptions')
      .select('customer_id')
      .where('public_id', '=', sub.id)
      .executeTakeFirstOrThrow()
    await p.ctx.db
      .updateTable('customers')
      .set({ payment_method_token: 'pm_goodcard0000000000001' })
      .where('id', '=', s.customer_id)
      .execute()
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => api('POST', `/api/subscriptions/${sub.id}/charges/`, { kind: 'retry' })),
    )
    expect(answers.filter((a) => a.statusCode === 201).length).toBeGreaterThan(0)
    expect(answers.filter((a) => a.statusCode !== 201 && a.statusCode !== 409).map((a) => a.body)).toEqual([])
    const after = await get(sub.id)
    const retries = after.charges.filter((c: Charge) => c.kind === 'retry')
    expect(retries).toHaveLength(1)
    expect(retries[0].status).toBe('paid')
    expect(after.status).toBe('active')
    await ledgerClean()
  })

  test('a worker killed between the provider call and the commit: one charge after reconciliation', async () => {
    const clock = await newClock('2027-12-01T00:00:00Z')
    const sub = await newSubscription({ test_clock_id: clock })
    await payOnPage(tokenOf(sub))
    const row = await p.ctx.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('public_id', '=', sub.id)
      .executeTakeFirstOrThrow()
    const owner = await p.ctx.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', row.customer_id)
      .executeTakeFirstOrThrow()
    const now = new Date('2027-12-05T00:00:00Z')
    const { tx } = await openCharge(
      p.ctx,
      row.id,
      { kind: 'manual', periodIndex: 0, attempt: 1, amountMinor: 500 },
      now,
    )
    // The processor charges; the answer is lost with the worker.
    await getSavedMethods(p.ctx, 'sandbox').chargeSavedMethod({
      paymentMethodId: owner.payment_method_token as string,
      amountMinor: tx.gross_amount_minor,
      currency: 'USD',
      reference: tx.public_id,
      offSession: true,
    })
    expect(await reconcileStaleCharges(p.ctx)).toBe(0) // not stale yet: an attempt may still be running
    p.clock.advance(2 * 60_000)
    expect(await reconcileStaleCharges(p.ctx)).toBeGreaterThanOrEqual(1)
    const manual = (await get(sub.id)).charges.filter((c: Charge) => c.kind === 'manual')
    expect(manual).toMatchObject([{ status: 'paid' }])
    const entries = await p.ctx.db
      .selectFrom('journal_entries')
      .select('kind')
      .where('transaction_id', '=', tx.id)
      .execute()
    expect(entries.filter((e) => e.kind === 'payment_received')).toHaveLength(1)
    expect(await reconcileStaleCharges(p.ctx)).toBe(0)
    await ledgerClean()
  })
})
