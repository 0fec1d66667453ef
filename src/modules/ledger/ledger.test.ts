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
import { ensureAccounts } from './ledger.repository.ts'
import { postEntry } from './ledger.service.ts'
import { releaseDueReserves } from './reserve.ts'
import { getWallet } from './wallet.service.ts'

let p: TestPlatform
let m: Merchant
let other: Merchant
const scope = () => ({ organizationId: m.organizationId, environment: 'production' as const })
const usd = async (merchant = m) =>
  (await getWallet(p.ctx.db, { organizationId: merchant.organizationId, environment: 'production' })).find(
    (b) => b.currency === 'USD',
  )!

beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  other = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

async function payment(merchant = m, settled = true) {
  const checkout = await createCheckoutViaApi(p.app, merchant.productionKey, checkoutBody(merchant.usdOnlyProductId))
  await payPayment(p.ctx, checkout.transaction_id, { settled })
  return checkout.transaction_id
}

/** Runs raw statements in one transaction and returns the SQLSTATE it failed with (or null). */
async function failsWith(fn: (trx: any) => Promise<unknown>): Promise<string | null> {
  try {
    await p.ctx.db.transaction().execute(fn)
    return null
  } catch (err) {
    return (err as { code?: string }).code ?? 'no-code'
  }
}

async function entryWith(trx: any, key: string) {
  const { rows } = await sql<{
    id: number
  }>`insert into journal_entries (organization_id, environment, currency, kind, posting_key)
    values (${m.organizationId}, 'production', 'USD', 'payment_received', ${key}) returning id`.execute(trx)
  return rows[0].id
}

describe('the database enforces the ledger', () => {
  test('an entry that does not sum to zero, or has fewer than two postings, is refused at commit', async () => {
    await payment()
    const accounts = await ensureAccounts(p.ctx.db, scope(), 'USD')
    const clearing = accounts.get('provider_clearing')!
    const pending = accounts.get('pending')!
    expect(
      await failsWith(async (trx) => {
        const id = await entryWith(trx, 'test:unbalanced')
        await sql`insert into ledger_postings (entry_id, account_id, amount_minor) values (${id}, ${clearing}, -100), (${id}, ${pending}, 99)`.execute(
          trx,
        )
      }),
    ).toBe('23514')
    expect(
      await failsWith(async (trx) => {
        await entryWith(trx, 'test:empty')
      }),
    ).toBe('23514')
    expect(
      await failsWith(async (trx) => {
        const id = await entryWith(trx, 'test:single')
        await sql`insert into ledger_postings (entry_id, account_id, amount_minor) values (${id}, ${clearing}, 0)`.execute(
          trx,
        )
      }),
    ).toBe('23514')
    // and a balanced one goes through
    expect(
      await failsWith(async (trx) => {
        const id = await entryWith(trx, 'test:balanced')
        await sql`insert into ledger_postings (entry_id, account_id, amount_minor) values (${id}, ${clearing}, -100), (${id}, ${pending}, 100)`.execute(
          trx,
        )
      }),
    ).toBe(null)
  })

  test("postings on another tenant's accounts are refused", async () => {
    const mine = await ensureAccounts(p.ctx.db, scope(), 'USD')
    const theirs = await ensureAccounts(
      p.ctx.db,
      { organizationId: other.organizationId, environment: 'production' },
      'USD',
    )
    expect(
      await failsWith(async (trx) => {
        const id = await entryWith(trx, 'test:foreign')
        await sql`insert into ledger_postings (entry_id, account_id, amount_minor) values (${id}, ${mine.get('provider_clearing')!}, -5), (${id}, ${theirs.get('pending')!}, 5)`.execute(
          trx,
        )
      }),
    ).toBe('23514')
  })

  test('entries and postings are append-only; balances move only through postings', async () => {
    for (const statement of [
      sql`update journal_entries set memo = 'edited'`,
      sql`delete from journal_entries`,
      sql`update ledger_postings set amount_minor = amount_minor * 2`,
      sql`delete from ledger_postings`,
      sql`truncate ledger_postings`,
      sql`update ledger_accounts set balance_minor = balance_minor + 1000000`,
      sql`delete from ledger_accounts`,
      sql`update ledger_accounts set kind = 'available' where kind = 'pending'`,
      sql`insert into ledger_accounts (organization_id, environment, currency, kind, balance_minor) values (${other.organizationId}, 'sandbox', 'EUR', 'available', 500)`,
    ]) {
      expect(await failsWith((trx) => statement.execute(trx)), statement.compile(p.ctx.db).sql).not.toBe(null)
    }
    expect((await runLedgerCheck(p.ctx.db)).ok).toBe(true)
  })

  test('the available balance can never go negative', async () => {
    const merchant = await createMerchantFixture(p.ctx)
    await payment(merchant) // 96.80 available
    const s = { organizationId: merchant.organizationId, environment: 'production' as const }
    const code = await failsWith((trx) =>
      postEntry(trx, {
        scope: s,
        currency: 'USD',
        kind: 'refund_held',
        key: 'test:overdraw',
        postings: [
          { account: 'available', amountMinor: -9681 },
          { account: 'refund_held', amountMinor: 9681 },
        ],
      }),
    )
    expect(code).toBe('23514')
    expect((await usd(merchant)).available).toBe('96.80')
  })

  test('refunds of one payment can never exceed its gross, even when written directly', async () => {
    const txId = await payment()
    const tx = await p.ctx.db
      .selectFrom('transactions')
      .selectAll()
      .where('public_id', '=', txId)
      .executeTakeFirstOrThrow()
    const row = (n: number, status = 'processing') => ({
      public_id: `RFtest${txId}${n}`,
      organization_id: tx.organization_id,
      environment: tx.environment,
      transaction_id: tx.id,
      transaction_public_id: tx.public_id,
      currency: 'USD',
      amount_minor: 6000,
      fx_rate_usd: '1',
      amount_usd_minor: 6000,
      reason: 'direct',
      status: status as any,
    })
    expect(
      await failsWith((trx) =>
        trx
          .insertInto('refunds')
          .values([row(1), row(2)])
          .execute(),
      ),
    ).toBe('23514')
    expect(
      await failsWith((trx) =>
        trx
          .insertInto('refunds')
          .values([row(1), row(2, 'failed')])
          .execute(),
      ),
    ).toBe(null)
    // reviving the failed one would exceed the gross; and a final refund never changes again
    expect(
      await failsWith((trx) =>
        trx.updateTable('refunds').set({ status: 'processing' }).where('public_id', '=', `RFtest${txId}2`).execute(),
      ),
    ).toBe('23514')
    expect(
      await failsWith((trx) =>
        trx.updateTable('refunds').set({ amount_minor: 1 }).where('public_id', '=', `RFtest${txId}1`).execute(),
      ),
    ).toBe('23514')
    // leave nothing in flight without held funds, so the ledger check stays green for the next tests
    expect(
      await failsWith((trx) =>
        trx.updateTable('refunds').set({ status: 'failed' }).where('public_id', '=', `RFtest${txId}1`).execute(),
      ),
    ).toBe(null)
    expect(
      await failsWith((trx) =>
        trx.updateTable('refunds').set({ status: 'processing' }).where('public_id', '=', `RFtest${txId}1`).execute(),
      ),
    ).toBe('23514')
  })
})

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
