import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { subscriptionHarness, tokenOf, type Charge, type SubscriptionHarness } from '../support/subscriptions.ts'

// Plan changes: the preview is exactly the charge PATCH makes; a downgrade's credit goes to the
// credit balance and pays the next renewal first; credits never exceed what was paid.

let h: SubscriptionHarness
beforeAll(async () => {
  h = await subscriptionHarness()
})
// Every scenario leaves the ledger consistent (`kassa ledger check`), credit balances included.
afterEach(() => h.ledgerClean())
afterAll(() => h.p.close())

const subtotalOf = async (publicId: string) =>
  (
    await h.p.ctx.db
      .selectFrom('transactions as t')
      .innerJoin('checkout_sessions as s', 's.id', 't.checkout_session_id')
      .select('s.subtotal_minor')
      .where('t.public_id', '=', publicId)
      .executeTakeFirstOrThrow()
  ).subtotal_minor

/** The credit entries of a subscription's customer, oldest first, with postings in account-id order. */
async function creditEntriesOf(subscriptionId: string) {
  const rows = await h.p.ctx.db
    .selectFrom('journal_entries as e')
    .innerJoin('ledger_postings as p', 'p.entry_id', 'e.id')
    .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
    .select(['e.id', 'e.kind', 'p.amount_minor', 'a.kind as account', 'a.customer_id'])
    .where('e.kind', 'in', ['credit_granted', 'credit_applied'])
    .where('e.memo', 'like', `%${subscriptionId}`)
    .orderBy('e.id')
    .orderBy('a.kind')
    .execute()
  const entries = new Map<number, { kind: string; postings: number[]; accounts: string[] }>()
  for (const r of rows) {
    const e = entries.get(r.id) ?? { kind: r.kind, postings: [], accounts: [] }
    e.postings.push(Number(r.amount_minor))
    e.accounts.push(r.account)
    entries.set(r.id, e)
  }
  for (const e of entries.values()) {
    expect(e.postings.reduce((a, b) => a + b, 0)).toBe(0)
    e.postings.sort((a, b) => a - b)
  }
  return [...entries.values()]
}

/** The postings of the customer's credit account of a subscription, oldest first. */
async function customerCreditPostings(subscriptionId: string) {
  const rows = await h.p.ctx.db
    .selectFrom('subscriptions as s')
    .innerJoin('ledger_accounts as a', (j) =>
      j.onRef('a.customer_id', '=', 's.customer_id').onRef('a.currency', '=', 's.currency'),
    )
    .innerJoin('ledger_postings as p', 'p.account_id', 'a.id')
    .select('p.amount_minor')
    .where('s.public_id', '=', subscriptionId)
    .orderBy('p.id')
    .execute()
  return rows.map((r) => Number(r.amount_minor))
}

describe('plan change', () => {
  test('upgrade mid-period: preview = the proration charge PATCH makes', async () => {
    const bigger = await h.newProduct('30.00')
    const clock = await h.newClock('2027-04-01T00:00:00Z') // 30-day period
    const sub = await h.newSubscription({ test_clock_id: clock })
    await h.payOnPage(tokenOf(sub))
    await h.advance(clock, '2027-04-16T00:00:00Z') // half of the period left
    const preview = await h.api('POST', `/api/subscriptions/${sub.id}/preview/`, { product_id: bigger })
    expect(preview.statusCode, preview.body).toBe(200)
    expect(preview.json()).toMatchObject({
      lines: [
        { kind: 'unused_time', amount: '-6.00' },
        { kind: 'remaining_time', amount: '15.00' },
      ],
      total: '9.00',
      amount_due: '9.00',
    })
    const again = await h.api('POST', `/api/subscriptions/${sub.id}/preview/`, { product_id: bigger })
    expect(again.json()).toEqual(preview.json()) // a preview changes nothing
    const changed = await h.api('PATCH', `/api/subscriptions/${sub.id}/`, { product_id: bigger })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json()).toMatchObject({ product_id: bigger, plan: { unit_amount: '30.00' } })
    const proration = changed.json().charges.find((c: Charge) => c.kind === 'proration')
    expect(proration.status).toBe('paid')
    expect(await subtotalOf(proration.id)).toBe(900)
    await h.ledgerClean()
  })

  test('downgrade: the credit goes to the balance and pays the next renewal first; credits ≤ paid', async () => {
    const cheaper = await h.newProduct('6.00')
    const clock = await h.newClock('2027-06-01T00:00:00Z') // 30-day period
    const sub = await h.newSubscription({ test_clock_id: clock })
    await h.payOnPage(tokenOf(sub))
    await h.advance(clock, '2027-06-16T00:00:00Z')
    const preview = (await h.api('POST', `/api/subscriptions/${sub.id}/preview/`, { product_id: cheaper })).json()
    expect(preview).toMatchObject({ total: '-3.00', amount_due: '0.00', credit_balance_after: '3.00' })
    await h.api('PATCH', `/api/subscriptions/${sub.id}/`, { product_id: cheaper })
    expect((await h.get(sub.id)).credit_balance).toBe('3.00')
    const customer = await h.api('GET', `/api/customers/${(await h.get(sub.id)).customer.id}/?environment=sandbox`)
    expect(customer.json().credit_balances).toEqual([{ currency: 'USD', amount: '3.00' }])
    // The credit is a balanced ledger entry: from the merchant's credit_issued to the customer's account.
    const granted = await creditEntriesOf(sub.id)
    expect(granted).toEqual([
      { kind: 'credit_granted', postings: [-300, 300], accounts: ['credit_issued', 'customer_credit'] },
    ])
    await h.ledgerClean()
    await h.advance(clock, '2027-07-02T00:00:00Z')
    expect((await h.get(sub.id)).credit_balance).toBe('0.00')
    // Applied to the renewal: the reverse entry for the 3.00 taken off the charge.
    expect((await creditEntriesOf(sub.id)).map((e) => e.kind)).toEqual(['credit_granted', 'credit_applied'])
    expect((await creditEntriesOf(sub.id))[1]).toMatchObject({ accounts: ['credit_issued', 'customer_credit'] })
    expect(await customerCreditPostings(sub.id)).toEqual([300, -300])
    await h.ledgerClean()
    const renewal = (await h.get(sub.id)).charges.find((c: Charge) => c.kind === 'renewal')
    expect(renewal.status).toBe('paid')
    expect(await subtotalOf(renewal.id)).toBe(300) // 6.00 plan − 3.00 credit balance

    // Chained changes in one period: up and down again never credit more than the 12.00 paid.
    const other = await h.newSubscription({ test_clock_id: clock })
    await h.payOnPage(tokenOf(other))
    await h.advance(clock, '2027-07-20T00:00:00Z')
    let credited = 0
    for (const product of [cheaper, h.productId, cheaper, h.productId, cheaper]) {
      const step = (await h.api('POST', `/api/subscriptions/${other.id}/preview/`, { product_id: product })).json()
      credited -= Number(step.lines.find((l: { kind: string }) => l.kind === 'unused_time')?.amount ?? 0)
      expect((await h.api('PATCH', `/api/subscriptions/${other.id}/`, { product_id: product })).statusCode).toBe(200)
    }
    const paid = (await h.get(other.id)).charges.filter((c: Charge) => c.status === 'paid')
    let paidSubtotal = 0
    for (const c of paid) paidSubtotal += await subtotalOf(c.id)
    expect(Math.round(credited * 100)).toBeLessThanOrEqual(paidSubtotal)
    await h.ledgerClean()
  })

  test('proration_behavior none: the change takes effect without a charge', async () => {
    const bigger = await h.newProduct('40.00')
    const sub = await h.newSubscription()
    await h.payOnPage(tokenOf(sub))
    const preview = await h.api('POST', `/api/subscriptions/${sub.id}/preview/`, {
      product_id: bigger,
      proration_behavior: 'none',
    })
    expect(preview.json()).toMatchObject({ lines: [], amount_due: '0.00' })
    const changed = await h.api('PATCH', `/api/subscriptions/${sub.id}/`, {
      product_id: bigger,
      proration_behavior: 'none',
    })
    expect(changed.json().charges).toHaveLength(1)
    expect(changed.json().plan.unit_amount).toBe('40.00')
  })

  test('a price with recurring_interval_count and trial_days: the subscription bills every 3 months after the trial', async () => {
    const res = await h.api('POST', '/api/products/', {
      name: 'Quarterly',
      prices: [
        { currency: 'USD', amount: '30.00', recurring_interval: 'month', recurring_interval_count: 3, trial_days: 7 },
      ],
    })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().prices[0]).toMatchObject({ recurring_interval_count: 3, trial_days: 7 })
    const bad = await h.api('POST', '/api/products/', {
      name: 'Bad',
      prices: [{ currency: 'USD', amount: '30.00', trial_days: 7 }],
    })
    expect(Object.keys(bad.json().errors)).toEqual(['prices.0.recurring_interval'])
    const clock = await h.newClock('2027-01-10T00:00:00Z')
    const sub = await h.newSubscription({ product_id: res.json().id, test_clock_id: clock })
    await h.payOnPage(tokenOf(sub))
    expect(await h.get(sub.id)).toMatchObject({ status: 'trialing', trial_end: '2027-01-17T00:00:00.000Z' })
    await h.advance(clock, '2027-01-18T00:00:00Z')
    expect(await h.get(sub.id)).toMatchObject({
      status: 'active',
      plan: { recurring_interval_count: 3 },
      current_period_end: '2027-04-17T00:00:00.000Z',
    })
  })
})
