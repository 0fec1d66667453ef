import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { isPostgres } from '../support/database.ts'
import { customer, subscriptionHarness, tokenOf, type SubscriptionHarness } from '../support/subscriptions.ts'

// One customer's credit, spent at once by a plan change of one subscription (PATCH with prorations)
// and the renewal of another (test clock advance): the credit account's row lock lets one spend it,
// the other sees what is left. Without it both read the same balance and spend it twice.
// Real concurrency needs PostgreSQL: PGlite has one connection, so its requests never overlap.
describe.runIf(isPostgres)('customer credit under concurrency (PostgreSQL)', () => {
  let h: SubscriptionHarness
  let cheap: string
  let dear: string
  beforeAll(async () => {
    h = await subscriptionHarness()
    cheap = await h.newProduct('2.00')
    dear = await h.newProduct('50.00')
  })
  afterAll(() => h.p.close())

  /** The customer's credit postings (minor units, + granted / − applied), oldest first. */
  async function creditPostings(customerPublicId: string) {
    const rows = await h.p.ctx.db
      .selectFrom('ledger_postings as p')
      .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
      .select(['p.amount_minor', 'e.kind', 'e.posting_key'])
      .where('c.public_id', '=', customerPublicId)
      .where('a.kind', '=', 'customer_credit')
      .orderBy('p.id')
      .execute()
    return rows.map((r) => ({ amount: Number(r.amount_minor), kind: r.kind, key: r.posting_key }))
  }

  test('a plan change and a renewal racing for one credit balance spend it once', async () => {
    for (let round = 0; round < 4; round++) {
      const clock = await h.newClock('2027-01-01T00:00:00Z')
      const buyer = { ...customer, email: `credit-race-${round}@example.com` }
      // B renews on 2027-02-01; A, started ten days later, renews on 2027-02-11.
      const renewing = await h.newSubscription({ test_clock_id: clock, customer: buyer })
      expect((await h.payOnPage(tokenOf(renewing))).statusCode).toBeLessThan(400)
      await h.advance(clock, '2027-01-11T00:00:00Z')
      const changing = await h.newSubscription({ test_clock_id: clock, customer: buyer })
      expect((await h.payOnPage(tokenOf(changing))).statusCode).toBeLessThan(400)
      await h.advance(clock, '2027-01-20T00:00:00Z')
      // A downgrade mid-period credits the unused time: a balance smaller than either charge below.
      const down = await h.api('PATCH', `/api/subscriptions/${changing.id}/`, {
        product_id: cheap,
        proration_behavior: 'create_prorations',
      })
      expect(down.statusCode, down.body).toBe(200)
      const credit = Math.round(Number((await h.get(changing.id)).credit_balance) * 100)
      expect(credit).toBeGreaterThan(0)
      expect(credit).toBeLessThan(1200)

      const change = () =>
        h.api('PATCH', `/api/subscriptions/${changing.id}/`, {
          product_id: dear,
          proration_behavior: 'create_prorations',
        })
      const renewal = () => h.api('POST', `/api/test-clocks/${clock}/advance/`, { frozen_time: '2027-02-01T00:00:01Z' })
      const answers = await Promise.all(round % 2 === 0 ? [change(), renewal()] : [renewal(), change()])
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200])

      const customerId = (await h.get(changing.id)).customer.id as string
      const postings = await creditPostings(customerId)
      const applied = postings.filter((p) => p.kind === 'credit_applied')
      // Both charges exceed the credit: whichever locked first took all of it, the other none.
      expect(applied.map((p) => p.amount)).toEqual([-credit])
      expect(postings.reduce((sum, p) => sum + p.amount, 0)).toBe(0)
      for (const sub of [changing.id, renewing.id]) expect((await h.get(sub)).credit_balance).toBe('0.00')
      expect((await h.get(renewing.id)).current_period_start).toBe('2027-02-01T00:00:00.000Z')
      await h.ledgerClean()
    }
  })
})
