import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { savedCardProcessor } from '../../src/modules/provider/index.ts'
import { reconcileStaleCharges, runDueSubscriptions } from '../../src/modules/subscriptions/index.ts'
import { openCharge } from '../../src/modules/subscriptions/subscription-charges.service.ts'
import { subscriptionHarness, tokenOf, type Charge, type SubscriptionHarness } from '../support/subscriptions.ts'

// One charge per period: concurrent "charge now" requests, and a worker killed between the
// processor call and the commit. Run on PostgreSQL too (KASSA_TEST_DB=postgres).

let h: SubscriptionHarness
beforeAll(async () => {
  h = await subscriptionHarness()
})
// Every scenario leaves the ledger consistent (`kassa ledger check`), credit balances included.
afterEach(() => h.ledgerClean())
afterAll(() => h.p.close())

describe('one charge per period', () => {
  test('50 concurrent "charge now" on a past_due subscription make one retry charge', async () => {
    const clock = await h.newClock('2027-10-01T00:00:00Z')
    const sub = await h.newSubscription({ test_clock_id: clock })
    await h.payOnPage(tokenOf(sub), '4000000000000341')
    await h.advance(clock, '2027-11-01T00:00:01Z')
    expect((await h.get(sub.id)).status).toBe('past_due')
    // The issuer now accepts the saved card: its token at the processor charges fine.
    const s = await h.p.ctx.db
      .selectFrom('subscriptions')
      .select('customer_id')
      .where('public_id', '=', sub.id)
      .executeTakeFirstOrThrow()
    await h.p.ctx.db
      .updateTable('customers')
      .set({ payment_method_token: 'pm_goodcard0000000000001' })
      .where('id', '=', s.customer_id)
      .execute()
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => h.api('POST', `/api/subscriptions/${sub.id}/charges/`, { kind: 'retry' })),
    )
    expect(answers.filter((a) => a.statusCode === 201).length).toBeGreaterThan(0)
    expect(answers.filter((a) => a.statusCode !== 201 && a.statusCode !== 409).map((a) => a.body)).toEqual([])
    const after = await h.get(sub.id)
    const retries = after.charges.filter((c: Charge) => c.kind === 'retry')
    expect(retries).toHaveLength(1)
    expect(retries[0].status).toBe('paid')
    expect(after.status).toBe('active')
    await h.ledgerClean()
  })

  test('a worker killed between the provider call and the commit: one charge after reconciliation', async () => {
    const clock = await h.newClock('2027-12-01T00:00:00Z')
    const sub = await h.newSubscription({ test_clock_id: clock })
    await h.payOnPage(tokenOf(sub))
    const row = await h.p.ctx.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('public_id', '=', sub.id)
      .executeTakeFirstOrThrow()
    const owner = await h.p.ctx.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', row.customer_id)
      .executeTakeFirstOrThrow()
    const now = new Date('2027-12-05T00:00:00Z')
    const { tx } = await openCharge(
      h.p.ctx,
      row.id,
      { kind: 'manual', periodIndex: 0, attempt: 1, amountMinor: 500 },
      now,
    )
    // The processor charges; the answer is lost with the worker.
    const lost = await savedCardProcessor(h.p.ctx, 'sandbox').chargeSavedMethod({
      paymentMethodId: owner.payment_method_token as string,
      amountMinor: tx.gross_amount_minor,
      currency: 'USD',
      reference: tx.public_id,
      offSession: true,
    })
    expect(await reconcileStaleCharges(h.p.ctx)).toBe(0) // not stale yet: an attempt may still be running
    h.p.clock.advance(2 * 60_000)
    expect(await reconcileStaleCharges(h.p.ctx)).toBeGreaterThanOrEqual(1)
    const manual = (await h.get(sub.id)).charges.filter((c: Charge) => c.kind === 'manual')
    expect(manual).toMatchObject([{ status: 'paid' }])
    // The charge the processor made is the one recorded: read back by its reference, not made again.
    const recorded = await h.p.ctx.db
      .selectFrom('transactions')
      .select('provider_payment_id')
      .where('id', '=', tx.id)
      .executeTakeFirstOrThrow()
    expect(recorded.provider_payment_id).toBe(lost.providerPaymentId)
    const entries = await h.p.ctx.db
      .selectFrom('journal_entries')
      .select('kind')
      .where('transaction_id', '=', tx.id)
      .execute()
    expect(entries.filter((e) => e.kind === 'payment_received')).toHaveLength(1)
    expect(await reconcileStaleCharges(h.p.ctx)).toBe(0)
    await h.ledgerClean()
  })

  test('four workers renewing at once: one renewal charge for the period (the uniqueness rule)', async () => {
    const sub = await h.newSubscription()
    await h.payOnPage(tokenOf(sub))
    // The period ended a moment ago on the wall clock.
    await h.p.ctx.db
      .updateTable('subscriptions')
      .set({ current_period_end: new Date(h.p.clock.now().getTime() - 1000) })
      .where('public_id', '=', sub.id)
      .execute()
    await Promise.all(Array.from({ length: 4 }, () => runDueSubscriptions(h.p.ctx)))
    const renewals = (await h.get(sub.id)).charges.filter((c: Charge) => c.kind === 'renewal')
    expect(renewals).toHaveLength(1)
    expect(renewals[0].status).toBe('paid')
    await h.ledgerClean()
  })
})
