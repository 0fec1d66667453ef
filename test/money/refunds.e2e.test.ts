import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { isPostgres } from '../support/database.ts'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { CARDS, card, postCheckout, tokenOf } from '../support/checkout.ts'
import { createWorker } from '../../src/worker/registry.ts'
import { runLedgerCheck, getWallet } from '../../src/modules/ledger/index.ts'
// The "done when" of issue 4: sandbox payments paid on the hosted page with the simulator, refunded
// partially twice and then fully through the API; wallet, status, events and ledger check agree throughout.

let p: TestPlatform
let m: Merchant
beforeAll(async () => {
  p = await createTestPlatform({ env: { REFUND_DELAY_MS: '0' } })
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

async function payOnHostedPage(number: string = CARDS.success) {
  const created = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.usdOnlyProductId))
  const res = await postCheckout(p.app, 'pay', { token: tokenOf(created.checkout_url), card: card(number) })
  expect(res.json()).toMatchObject({ result: 'succeeded', payment_status: 'paid', deposit_status: 'succeeded' })
  return created.transaction_id
}

const wallet = async () =>
  (await getWallet(p.ctx.db, { organizationId: m.organizationId, environment: 'sandbox' })).find(
    (b) => b.currency === 'USD',
  )!
const payment = async (id: string) =>
  (await p.app.inject({ url: `/api/transactions/${id}/`, headers: apiKeyHeaders(m.sandboxKey) })).json()
const refund = (id: string, body: Record<string, unknown>) =>
  p.app.inject({
    method: 'POST',
    url: `/sandbox/api/transactions/${id}/refund/`,
    headers: apiKeyHeaders(m.sandboxKey),
    payload: body,
  })
const statusEvents = async (subject: string, type: string) =>
  (
    await p.ctx.db
      .selectFrom('events')
      .select('payload')
      .where('subject_id', '=', subject)
      .where('type', '=', type)
      .orderBy('id')
      .execute()
  ).map((e) => (e.payload as Record<string, any>).status)

async function agree(txId: string, expected: { status: string; refunded: string; available: string; held: string }) {
  expect(await payment(txId)).toMatchObject({ status: expected.status, amount_refunded: expected.refunded })
  expect(await wallet()).toMatchObject({ available: expected.available, refund_held: expected.held })
  expect((await runLedgerCheck(p.ctx.db, { organizationId: m.organizationId })).checks.filter((c) => !c.ok)).toEqual([])
}

test('paid on the hosted page, refunded 30 + 20 then the rest, with the simulator', async () => {
  const txId = await payOnHostedPage()
  await payOnHostedPage() // the wallet must cover the full 100.00 at the end
  await agree(txId, { status: 'paid', refunded: '0.00', available: '193.60', held: '0.00' })

  const first = await refund(txId, { reason: 'Customer request', amount: '30.00' })
  expect(first.json()).toMatchObject({
    status: 'processing',
    amount: '30.00',
    currency: 'USD',
    amount_usd: '30.00',
    amount_in_cents: 3000,
  })
  await agree(txId, { status: 'refund_pending', refunded: '0.00', available: '163.60', held: '30.00' })
  await createWorker(p.ctx).drain()
  await agree(txId, { status: 'partially_refunded', refunded: '30.00', available: '163.60', held: '0.00' })

  expect((await refund(txId, { reason: 'Second', amount: '20.00' })).statusCode).toBe(200)
  await createWorker(p.ctx).drain()
  await agree(txId, { status: 'partially_refunded', refunded: '50.00', available: '143.60', held: '0.00' })

  const rest = await refund(txId, { reason: 'The rest' })
  expect(rest.json()).toMatchObject({ amount: '50.00' })
  await createWorker(p.ctx).drain()
  await agree(txId, { status: 'refunded', refunded: '100.00', available: '93.60', held: '0.00' })

  expect(await statusEvents(txId, 'transaction.status_changed')).toEqual([
    'paid',
    'refund_pending',
    'partially_refunded',
    'refund_pending',
    'partially_refunded',
    'refund_pending',
    'refunded',
  ])
  expect(await statusEvents(rest.json().refund_public_id, 'refund.status_changed')).toEqual([
    'pending',
    'processing',
    'completed',
  ])
  const listed = await p.app.inject({
    url: `/sandbox/api/refunds/?search=${txId}&ordering=amount`,
    headers: apiKeyHeaders(m.sandboxKey),
  })
  expect(listed.json().map((r: any) => [r.amount, r.status])).toEqual([
    ['20.00', 'completed'],
    ['30.00', 'completed'],
    ['50.00', 'completed'],
  ])
})

test('card 4000 0000 0000 5126: the provider fails the refund; funds return to the wallet and the payment to paid', async () => {
  const txId = await payOnHostedPage(CARDS.refundFails)
  const before = (await wallet()).available
  const res = await refund(txId, { reason: 'Will fail', amount: '10.00' })
  expect(res.statusCode).toBe(200)
  await createWorker(p.ctx).drain()
  const detail = await p.app.inject({
    url: `/api/refunds/${res.json().refund_public_id}/`,
    headers: apiKeyHeaders(m.sandboxKey),
  })
  expect(detail.json().status).toBe('failed')
  await agree(txId, { status: 'paid', refunded: '0.00', available: before, held: '0.00' })
  expect(await statusEvents(res.json().refund_public_id, 'refund.status_changed')).toEqual([
    'pending',
    'processing',
    'failed',
  ])
  expect(await statusEvents(txId, 'transaction.status_changed')).toEqual(['paid', 'refund_pending', 'paid'])
})

// What CI does after the end-to-end tests: the real binary checks the ledger of the database they left.
test.runIf(isPostgres)('kassa ledger check passes on the database the end-to-end tests leave behind', () => {
  const run = spawnSync(process.execPath, ['bin/kassa.mjs', 'ledger', 'check', '--json'], {
    env: { ...process.env, DATABASE_URL: p.database.url!, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  })
  expect(run.status, run.stderr).toBe(0)
  const report = JSON.parse(run.stdout)
  expect(report.ok).toBe(true)
  expect(report.checks.map((c: { name: string }) => c.name)).toEqual([
    'entries_balance',
    'balances_equal_entries',
    'no_negative_balances',
    'customer_credit_mirrored',
    'refunds_within_gross',
    'payments_credited_once',
    'held_equals_refunds_in_flight',
    'refund_counts_match',
  ])
})
