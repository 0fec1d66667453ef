import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { customerCreditBalance, lockCustomerCredit, postCustomerCredit } from './customer-credit.service.ts'
import { runLedgerCheck } from './ledger.check.ts'
import { getWallet } from './wallet.service.ts'

// Customer credit in the ledger: granted and applied as balanced entries, once per key; the database
// refuses spending more than the balance; the ledger check mirrors credit_issued against the customers.

let p: TestPlatform
let m: Merchant
let customerId: number
const account = () => ({
  scope: { organizationId: m.organizationId, environment: 'sandbox' as const },
  customerId,
  currency: 'EUR',
})

beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  const row = await p.ctx.db
    .insertInto('customers')
    .values({
      public_id: `cus_credit_${m.organizationId}`,
      organization_id: m.organizationId,
      environment: 'sandbox',
      email: 'credit@example.com',
      first_name: 'Ada',
      last_name: 'Credit',
      country: 'DE',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  customerId = row.id
})
afterAll(() => p.close())

const move = (kind: 'credit_granted' | 'credit_applied', key: string, amountMinor: number) =>
  p.ctx.db.transaction().execute((trx) => postCustomerCredit(trx, { ...account(), kind, key, amountMinor }))

describe('customer credit', () => {
  test('granted and applied once per key; the balance is the sum of the entries; the wallet is untouched', async () => {
    expect(await customerCreditBalance(p.ctx.db, account())).toBe(0)
    expect(await move('credit_granted', 'test:credit:1', 500)).toBe(true)
    expect(await move('credit_granted', 'test:credit:1', 500)).toBe(false) // a retry posts nothing
    expect(await move('credit_applied', 'test:credit:2', 200)).toBe(true)
    expect(await move('credit_applied', 'test:credit:3', 0)).toBe(false)
    expect(await customerCreditBalance(p.ctx.db, account())).toBe(300)
    expect(await p.ctx.db.transaction().execute((trx) => lockCustomerCredit(trx, account()))).toBe(300)
    const wallet = await getWallet(p.ctx.db, account().scope)
    expect(wallet.find((w) => w.currency === 'EUR')).toMatchObject({ available_minor: 0, pending_minor: 0 })
    const report = await runLedgerCheck(p.ctx.db, { organizationId: m.organizationId })
    expect(report.checks.filter((c) => !c.ok)).toEqual([])
    expect(report.checks.map((c) => c.name)).toContain('customer_credit_mirrored')
  })

  test('spending more credit than the balance is refused by the database and writes nothing', async () => {
    const before = await customerCreditBalance(p.ctx.db, account())
    await expect(move('credit_applied', 'test:credit:overdraw', before + 1)).rejects.toMatchObject({ code: '23514' })
    expect(await customerCreditBalance(p.ctx.db, account())).toBe(before)
    await expect(move('credit_granted', 'test:credit:bad', -5)).rejects.toThrow(/positive integer/)
  })
})
