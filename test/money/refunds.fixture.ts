import { expect } from 'vitest'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
} from '../support/platform.ts'
import { FAKE_PROVIDER_ENV, payPayment } from '../support/payments.ts'
import { createWorker } from '../../src/worker/registry.ts'
import { runLedgerCheck, getWallet } from '../../src/modules/ledger/index.ts'

/** The platform with the scripted test provider, two merchants, and the refund API as the tests call it. */
export async function refundsFixture() {
  const p = await createTestPlatform({ env: FAKE_PROVIDER_ENV })
  const m = await createMerchantFixture(p.ctx)
  const other = await createMerchantFixture(p.ctx)

  const key = () => m.productionKey
  const refund = (txId: string | number, body: Record<string, unknown>, k = key(), prefix = '/api') =>
    p.app.inject({
      method: 'POST',
      url: `${prefix}/transactions/${txId}/refund/`,
      headers: apiKeyHeaders(k),
      payload: body,
    })
  const getTx = async (txId: string, k = key()) =>
    (await p.app.inject({ url: `/api/transactions/${txId}/`, headers: apiKeyHeaders(k) })).json()
  const wallet = async (merchant = m, env: 'sandbox' | 'production' = 'production', currency = 'USD') =>
    (await getWallet(p.ctx.db, { organizationId: merchant.organizationId, environment: env })).find(
      (b) => b.currency === currency,
    )
  const drain = () => createWorker(p.ctx).drain()

  /** A paid, settled 100.00 USD payment (US buyer: no tax; fee 2.9% + 0.30 = 3.20; net 96.80). */
  async function paidPayment(
    merchant: Merchant = m,
    options: { settled?: boolean; env?: 'sandbox' | 'production'; body?: Record<string, unknown> } = {},
  ) {
    const env = options.env ?? 'production'
    const checkout = await createCheckoutViaApi(
      p.app,
      env === 'production' ? merchant.productionKey : merchant.sandboxKey,
      options.body ?? checkoutBody(merchant.usdOnlyProductId),
    )
    await payPayment(p.ctx, checkout.transaction_id, { settled: options.settled ?? true })
    return checkout.transaction_id
  }

  async function eventsOf(subject: string) {
    const rows = await p.ctx.db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('subject_id', '=', subject)
      .orderBy('id')
      .execute()
    return rows.map((r) => ({
      type: r.type,
      payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, any>,
    }))
  }

  async function expectLedgerOk() {
    const report = await runLedgerCheck(p.ctx.db)
    expect(report.checks.filter((c) => !c.ok)).toEqual([])
  }

  return { p, m, other, key, refund, getTx, wallet, drain, paidPayment, eventsOf, expectLedgerOk }
}
