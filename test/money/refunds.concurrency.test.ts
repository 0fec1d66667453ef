import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { isPostgres } from '../support/database.ts'
import { FAKE_PROVIDER_ENV, payPayment, settleDeposit } from '../support/payments.ts'
import { createWorker } from '../../src/worker/registry.ts'
import { runLedgerCheck, getWallet } from '../../src/modules/ledger/index.ts'
// Real concurrency needs PostgreSQL: PGlite has one connection, so its requests never overlap.
describe.runIf(isPostgres)('refunds under concurrency (PostgreSQL)', () => {
  let p: TestPlatform
  beforeAll(async () => {
    p = await createTestPlatform({ env: FAKE_PROVIDER_ENV })
  })
  afterAll(() => p.close())

  const ELIGIBILITY = ['refund_exceeds_refundable', 'insufficient_wallet_balance', 'payment_not_refundable']
  const available = async (m: Merchant) =>
    (await getWallet(p.ctx.db, { organizationId: m.organizationId, environment: 'production' })).find(
      (b) => b.currency === 'USD',
    )!.available_minor

  async function paid(m: Merchant, settled = true) {
    const checkout = await createCheckoutViaApi(p.app, m.productionKey, checkoutBody(m.usdOnlyProductId))
    await payPayment(p.ctx, checkout.transaction_id, { settled })
    return checkout.transaction_id
  }

  /** Fires all requests at once and returns the accepted amounts (minor units); anything but 200/eligibility-400 fails. */
  async function race(m: Merchant, requests: { txId: string; amount?: string }[]) {
    const responses = await Promise.all(
      requests.map((r, i) =>
        p.app.inject({
          method: 'POST',
          url: `/api/transactions/${r.txId}/refund/`,
          headers: apiKeyHeaders(m.productionKey),
          payload: r.amount ? { reason: `race ${i}`, amount: r.amount } : { reason: `race ${i}` },
        }),
      ),
    )
    const accepted: { txId: string; minor: number }[] = []
    const codes: string[] = []
    responses.forEach((res, i) => {
      if (res.statusCode === 200) accepted.push({ txId: requests[i].txId, minor: res.json().amount_in_cents })
      else {
        expect(res.statusCode, res.body).toBe(400)
        expect(ELIGIBILITY).toContain(res.json().code)
        codes.push(res.json().code)
      }
    })
    return { accepted, codes }
  }

  const randomAmount = (min: number, max: number) => ((min + Math.floor(Math.random() * (max - min))) / 100).toFixed(2)

  test('50 concurrent refunds of one payment never exceed it, nor the wallet (repeated)', async () => {
    for (let round = 0; round < 6; round++) {
      const m = await createMerchantFixture(p.ctx)
      const txId = await paid(m)
      if (round % 2 === 0) await paid(m) // odd rounds: the wallet (96.80) is below the payment (100.00)
      const walletBefore = await available(m)
      const requests = Array.from({ length: 50 }, (_, i) => ({
        txId,
        amount: i % 10 === 9 ? undefined : randomAmount(100, 1200),
      }))
      const { accepted, codes } = await race(m, requests)
      const total = accepted.reduce((s, a) => s + a.minor, 0)
      expect(total).toBeLessThanOrEqual(10_000)
      expect(total).toBeLessThanOrEqual(walletBefore)
      expect(codes.length).toBeGreaterThan(0) // the race really was lost by some
      expect(await available(m)).toBe(walletBefore - total)
      expect(await available(m)).toBeGreaterThanOrEqual(0)
      await createWorker(p.ctx).drain()
      const tx = await p.ctx.db
        .selectFrom('transactions')
        .selectAll()
        .where('public_id', '=', txId)
        .executeTakeFirstOrThrow()
      expect(tx.amount_refunded_minor).toBe(total)
      expect(tx.status).toBe(total === 10_000 ? 'refunded' : 'partially_refunded')
    }
    expect((await runLedgerCheck(p.ctx.db)).checks.filter((c) => !c.ok)).toEqual([])
  })

  test('concurrent refunds on many payments draining one wallet', async () => {
    for (let round = 0; round < 3; round++) {
      const m = await createMerchantFixture(p.ctx)
      const payments: string[] = []
      // Half the deposits are still pending: the wallet (4 × 96.80 = 387.20) is far below the 800.00 refundable.
      for (let i = 0; i < 8; i++) payments.push(await paid(m, i % 2 === 0))
      const walletBefore = await available(m)
      expect(walletBefore).toBe(38_720)
      const requests = Array.from({ length: 64 }, (_, i) => ({
        txId: payments[i % 8],
        amount: randomAmount(1000, 4000),
      }))
      const { accepted, codes } = await race(m, requests)
      const total = accepted.reduce((s, a) => s + a.minor, 0)
      expect(total).toBeLessThanOrEqual(walletBefore)
      expect(codes).toContain('insufficient_wallet_balance')
      for (const txId of payments) {
        expect(accepted.filter((a) => a.txId === txId).reduce((s, a) => s + a.minor, 0)).toBeLessThanOrEqual(10_000)
      }
      expect(await available(m)).toBe(walletBefore - total)
      await createWorker(p.ctx).drain()
      expect(await available(m)).toBe(walletBefore - total)
      expect((await runLedgerCheck(p.ctx.db, { organizationId: m.organizationId })).ok).toBe(true)
    }
  })

  test('concurrent deposit-settlement retries credit the payment once', async () => {
    for (let round = 0; round < 5; round++) {
      const m = await createMerchantFixture(p.ctx)
      const txId = await paid(m, false)
      await Promise.all(Array.from({ length: 20 }, () => settleDeposit(p.ctx, txId)))
      expect(await available(m)).toBe(9680)
      const entries = await p.ctx.db
        .selectFrom('journal_entries')
        .innerJoin('transactions', 'transactions.id', 'journal_entries.transaction_id')
        .select('journal_entries.kind')
        .where('transactions.public_id', '=', txId)
        .execute()
      expect(entries.filter((e) => e.kind === 'deposit_settled')).toHaveLength(1)
      expect(entries.filter((e) => e.kind === 'payment_received')).toHaveLength(1)
    }
    expect((await runLedgerCheck(p.ctx.db)).ok).toBe(true)
  })

  test('refund creation racing settlements and completions of the same wallet does not deadlock', async () => {
    const m = await createMerchantFixture(p.ctx)
    const settled: string[] = []
    for (let i = 0; i < 4; i++) settled.push(await paid(m))
    const pending: string[] = []
    for (let i = 0; i < 6; i++) pending.push(await paid(m, false))
    const worker = createWorker(p.ctx)
    const refunds = race(
      m,
      Array.from({ length: 30 }, (_, i) => ({ txId: settled[i % 4], amount: randomAmount(100, 900) })),
    )
    await Promise.all([refunds, ...pending.map((txId) => settleDeposit(p.ctx, txId)), worker.drain(), worker.drain()])
    await worker.drain()
    expect(await available(m)).toBeGreaterThanOrEqual(0)
    expect((await runLedgerCheck(p.ctx.db, { organizationId: m.organizationId })).ok).toBe(true)
  })
})
