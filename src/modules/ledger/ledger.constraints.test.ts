import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { payPayment } from '../../../test/support/payments.ts'
import { runLedgerCheck } from './ledger.check.ts'
import { ensureAccounts } from './ledger.repository.ts'
import { postEntry } from './ledger.service.ts'
import { getWallet } from './wallet.service.ts'

// What the database itself refuses: unbalanced entries, edits of postings, duplicate posting keys.

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
