import { sql } from 'kysely'
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { isPostgres } from '../../../test/support/database.ts'
import { payPayment, settleDeposit } from '../../../test/support/payments.ts'
import { updateOrganization } from '../organizations/index.ts'
import { runLedgerCheck } from './ledger.check.ts'
import { releaseDueReserves } from './reserve.ts'
import { getWallet } from './wallet.service.ts'

// Postings of a payment's life in the ledger, and the ledger check that proves the books balance.

let p: TestPlatform
let m: Merchant
const usd = async (merchant = m) =>
  (await getWallet(p.ctx.db, { organizationId: merchant.organizationId, environment: 'production' })).find(
    (b) => b.currency === 'USD',
  )!

beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

async function payment(merchant = m, settled = true) {
  const checkout = await createCheckoutViaApi(p.app, merchant.productionKey, checkoutBody(merchant.usdOnlyProductId))
  await payPayment(p.ctx, checkout.transaction_id, { settled })
  return checkout.transaction_id
}

describe('payment postings', () => {
  test('paid with deposit pending → pending; settled → available net of fee, fee to platform fees; retries credit once', async () => {
    const merchant = await createMerchantFixture(p.ctx)
    const txId = await payment(merchant, false)
    expect(await usd(merchant)).toMatchObject({ pending: '100.00', available: '0.00', fees_paid: '0.00' })
    await settleDeposit(p.ctx, txId)
    await settleDeposit(p.ctx, txId)
    expect(await usd(merchant)).toMatchObject({
      pending: '0.00',
      available: '96.80',
      fees_paid: '3.20',
      reserve: '0.00',
    })
    const tx = await p.ctx.db
      .selectFrom('transactions')
      .select('id')
      .where('public_id', '=', txId)
      .executeTakeFirstOrThrow()
    const kinds = await p.ctx.db
      .selectFrom('journal_entries')
      .select('kind')
      .where('transaction_id', '=', tx.id)
      .orderBy('id')
      .execute()
    expect(kinds.map((k) => k.kind)).toEqual(['payment_received', 'deposit_settled'])
    expect((await runLedgerCheck(p.ctx.db, { organizationId: merchant.organizationId })).ok).toBe(true)
  })

  test('rolling reserve: held from each settled payment, released by the worker when due', async () => {
    const merchant = await createMerchantFixture(p.ctx)
    await updateOrganization(p.ctx.db, merchant.organizationId, {
      rolling_reserve_percent_bp: 1000,
      rolling_reserve_days: 7,
    })
    await payment(merchant)
    // 10% of the net 96.80 = 9.68
    expect(await usd(merchant)).toMatchObject({ available: '87.12', reserve: '9.68', fees_paid: '3.20' })
    await releaseDueReserves(p.ctx)
    expect((await usd(merchant)).reserve).toBe('9.68')
    p.clock.advance(7 * 86_400_000 + 1000)
    expect(await releaseDueReserves(p.ctx)).toBeGreaterThanOrEqual(1)
    expect(await usd(merchant)).toMatchObject({ available: '96.80', reserve: '0.00' })
    expect(await releaseDueReserves(p.ctx)).toBe(0)
    expect((await usd(merchant)).available).toBe('96.80')
    expect((await runLedgerCheck(p.ctx.db)).checks.filter((c) => !c.ok)).toEqual([])
  })
})

describe('ledger check', () => {
  test('names a broken invariant (triggers bypassed to simulate corruption)', async () => {
    const merchant = await createMerchantFixture(p.ctx)
    const txId = await payment(merchant)
    expect((await runLedgerCheck(p.ctx.db, { organizationId: merchant.organizationId })).ok).toBe(true)
    await p.ctx.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx)
      await sql`update ledger_accounts set balance_minor = balance_minor + 1 where organization_id = ${merchant.organizationId} and kind = 'available'`.execute(
        trx,
      )
      await sql`update transactions set amount_refunded_minor = 5 where public_id = ${txId}`.execute(trx)
    })
    const report = await runLedgerCheck(p.ctx.db, { organizationId: merchant.organizationId })
    expect(report.ok).toBe(false)
    expect(
      report.checks
        .filter((c) => !c.ok)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['balances_equal_entries', 'refunds_within_gross'])
    expect(report.checks.find((c) => c.name === 'refunds_within_gross')!.violations[0]).toContain(txId)
    // other organizations are unaffected when filtered
    expect((await runLedgerCheck(p.ctx.db, { organizationId: m.organizationId })).ok).toBe(true)
    if (isPostgres) {
      const run = (args: string[]) =>
        spawnSync('node', ['bin/kassa.mjs', ...args], {
          env: { ...process.env, DATABASE_URL: p.database.url!, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
          encoding: 'utf8',
        })
      const broken = run(['ledger', 'check', '--org', String(merchant.organizationId), '--json'])
      expect(broken.status).toBe(1)
      expect(JSON.parse(broken.stdout).ok).toBe(false)
      expect(broken.stderr).toContain('balances_equal_entries')
      const fine = run(['ledger', 'check', '--org', String(m.organizationId)])
      expect(fine.status).toBe(0)
      expect(fine.stdout).toContain('Ledger OK.')
      const wallet = run(['wallet', 'show', '--org', String(merchant.organizationId), '--env', 'production', '--json'])
      expect(wallet.status).toBe(0)
      expect(JSON.parse(wallet.stdout)).toMatchObject({
        organization_id: merchant.organizationId,
        environment: 'production',
        balances: [{ currency: 'USD', available: '96.81' }],
      })
    }
  })
})
