import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createKey,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { FAKE_PROVIDER_ENV, payPayment, scriptedRefunds } from '../support/payments.ts'
import { createWorker } from '../../src/worker/registry.ts'
import { runLedgerCheck, getWallet } from '../../src/modules/ledger/index.ts'
let p: TestPlatform
let m: Merchant
let other: Merchant

beforeAll(async () => {
  p = await createTestPlatform({ env: FAKE_PROVIDER_ENV })
  m = await createMerchantFixture(p.ctx)
  other = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

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
  merchant = m,
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

describe('refund lifecycle', () => {
  test('partial, partial, then full: wallet, status, events and ledger agree at every step', async () => {
    const txId = await paidPayment()
    await paidPayment() // a second payment so the wallet can cover the whole first one
    expect((await wallet())!.available).toBe('193.60')
    await expectLedgerOk()

    const first = await refund(txId, { reason: 'Customer request', amount: '40.00' })
    expect(first.statusCode).toBe(200)
    const tx = await getTx(txId)
    expect(first.json()).toEqual({
      status: 'processing',
      refund_id: expect.any(Number),
      refund_public_id: expect.stringMatching(/^RF[A-Za-z0-9]+$/),
      transaction_id: tx.numeric_id,
      amount: '40.00',
      currency: 'USD',
      amount_usd: '40.00',
      amount_in_cents: 4000,
    })
    expect(tx.status).toBe('refund_pending')
    expect(await wallet()).toMatchObject({ available: '153.60', refund_held: '40.00' })
    await expectLedgerOk()

    await drain()
    expect(await getTx(txId)).toMatchObject({ status: 'partially_refunded', amount_refunded: '40.00' })
    expect(await wallet()).toMatchObject({ available: '153.60', refund_held: '0.00' })
    const refundEvents = await eventsOf(first.json().refund_public_id)
    expect(refundEvents.map((e) => [e.type, e.payload.status])).toEqual([
      ['refund.status_changed', 'pending'],
      ['refund.status_changed', 'processing'],
      ['refund.status_changed', 'completed'],
    ])
    expect(refundEvents[2].payload).toMatchObject({
      transaction_id: txId,
      amount: '40.00',
      currency: 'USD',
      reason: 'Customer request',
      id: first.json().refund_public_id,
    })
    await expectLedgerOk()

    const second = await refund(tx.numeric_id, { reason: 'Second part', amount: '10.50' })
    expect(second.statusCode).toBe(200)
    await drain()
    expect(await getTx(txId)).toMatchObject({ status: 'partially_refunded', amount_refunded: '50.50' })

    const rest = await refund(txId, { reason: 'The rest' })
    expect(rest.statusCode).toBe(200)
    expect(rest.json()).toMatchObject({ amount: '49.50', amount_in_cents: 4950 })
    await drain()
    expect(await getTx(txId)).toMatchObject({ status: 'refunded', amount_refunded: '100.00' })
    expect((await wallet())!.available).toBe('93.60')
    const txEvents = (await eventsOf(txId))
      .filter((e) => e.type === 'transaction.status_changed')
      .map((e) => e.payload.status)
    expect(txEvents).toEqual([
      'paid',
      'refund_pending',
      'partially_refunded',
      'refund_pending',
      'partially_refunded',
      'refund_pending',
      'refunded',
    ])
    await expectLedgerOk()

    const again = await refund(txId, { reason: 'Once more', amount: '1.00' })
    expect(again.statusCode).toBe(400)
    expect(again.json().code).toBe('payment_not_refundable')
  })

  test.each(['failed', 'rejected'] as const)(
    'a %s refund releases the held funds and returns the payment to paid',
    async (outcome) => {
      const txId = await paidPayment()
      scriptedRefunds.set(`sim_${txId}`, outcome)
      const before = (await wallet())!.available_minor
      const res = await refund(txId, { reason: 'Broken item', amount: '25.00' })
      expect(res.statusCode).toBe(200)
      expect((await wallet())!.available_minor).toBe(before - 2500)
      await drain()
      const detail = await p.app.inject({
        url: `/api/refunds/${res.json().refund_public_id}/`,
        headers: apiKeyHeaders(key()),
      })
      expect(detail.json().status).toBe(outcome)
      expect(await getTx(txId)).toMatchObject({ status: 'paid', amount_refunded: '0.00' })
      expect((await wallet())!.available_minor).toBe(before)
      const statuses = (await eventsOf(txId))
        .filter((e) => e.type === 'transaction.status_changed')
        .map((e) => e.payload.status)
      expect(statuses).toEqual(['paid', 'refund_pending', 'paid'])
      await expectLedgerOk()
    },
  )

  test('a failed refund after a completed one leaves the payment partially refunded', async () => {
    const txId = await paidPayment()
    expect((await refund(txId, { reason: 'a', amount: '10.00' })).statusCode).toBe(200)
    await drain()
    scriptedRefunds.set(`sim_${txId}`, 'failed')
    expect((await refund(txId, { reason: 'b', amount: '10.00' })).statusCode).toBe(200)
    await drain()
    expect(await getTx(txId)).toMatchObject({ status: 'partially_refunded', amount_refunded: '10.00' })
    await expectLedgerOk()
  })

  test('a provider error retries the job; the refund stays processing and the funds stay held', async () => {
    const txId = await paidPayment()
    scriptedRefunds.set(`sim_${txId}`, 'error')
    const res = await refund(txId, { reason: 'Retry me', amount: '5.00' })
    await drain()
    const row = await p.ctx.db
      .selectFrom('refunds')
      .select('status')
      .where('public_id', '=', res.json().refund_public_id)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('processing')
    const job = await p.ctx.db
      .selectFrom('jobs')
      .select(['attempts', 'last_error'])
      .where('queue', '=', 'refunds.submit')
      .executeTakeFirstOrThrow()
    expect(job).toMatchObject({ attempts: 1, last_error: 'provider unreachable' })
    await expectLedgerOk()
    await p.ctx.db.deleteFrom('jobs').execute() // park it: later tests drain the queue
  })

  test('EUR: amount_usd uses the rate in force at creation, stored on the refund', async () => {
    const txId = await paidPayment(m, { body: checkoutBody(m.productId, { currency: 'EUR' }) })
    const res = await refund(txId, { reason: 'FX', amount: '10.01' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ currency: 'EUR', amount: '10.01', amount_usd: '10.81', amount_in_cents: 1001 })
    const detail = (
      await p.app.inject({ url: `/api/refunds/${res.json().refund_id}/`, headers: apiKeyHeaders(key()) })
    ).json()
    expect(detail).toMatchObject({ fx_rate: '1.08', amount_usd: '10.81', currency: 'EUR' })
    await drain()
  })

  test('the sandbox mirror serves the same route for sandbox keys', async () => {
    const txId = await paidPayment(m, { env: 'sandbox' })
    const res = await refund(txId, { reason: 'Sandbox', amount: '1.00' }, m.sandboxKey, '/sandbox/api')
    expect(res.statusCode).toBe(200)
    const prod = await refund(txId, { reason: 'Sandbox', amount: '1.00' }, m.productionKey, '/sandbox/api')
    expect(prod.statusCode).toBe(403)
    await p.ctx.db.deleteFrom('jobs').execute() // no simulator in this test run
  })
})

describe('idempotency', () => {
  test('a retried refund with the same Idempotency-Key replays the answer and refunds once', async () => {
    const txId = await paidPayment()
    const send = (key: string, amount: string) =>
      p.app.inject({
        method: 'POST',
        url: `/api/transactions/${txId}/refund/`,
        headers: { ...apiKeyHeaders(m.productionKey), 'idempotency-key': key },
        payload: { reason: 'Retry', amount },
      })
    const first = await send('refund-retry-1', '7.00')
    const again = await send('refund-retry-1', '7.00')
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual(first.json())
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect((await send('refund-retry-1', '8.00')).statusCode).toBe(409)
    const tx = await getTx(txId)
    const rows = await p.ctx.db.selectFrom('refunds').select('id').where('transaction_id', '=', tx.numeric_id).execute()
    expect(rows).toHaveLength(1)
    await drain()
  })
})

describe('eligibility', () => {
  test('a payment that is not paid is not refundable', async () => {
    const checkout = await createCheckoutViaApi(p.app, key(), checkoutBody(m.usdOnlyProductId))
    const res = await refund(checkout.transaction_id, { reason: 'Too early' })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('payment_not_refundable')
  })

  test('more than the remaining refundable, counting refunds in flight', async () => {
    const txId = await paidPayment()
    await paidPayment()
    const over = await refund(txId, { reason: 'x', amount: '100.01' })
    expect(over.statusCode).toBe(400)
    expect(over.json()).toMatchObject({ code: 'refund_exceeds_refundable', errors: { amount: [expect.any(String)] } })
    expect((await refund(txId, { reason: 'x', amount: '60.00' })).statusCode).toBe(200) // in flight
    const second = await refund(txId, { reason: 'x', amount: '40.01' })
    expect(second.json().code).toBe('refund_exceeds_refundable')
    expect(second.json().detail).toContain('40.00')
    expect((await refund(txId, { reason: 'x', amount: '40.00' })).statusCode).toBe(200)
    const none = await refund(txId, { reason: 'x' })
    expect(none.json().code).toBe('refund_exceeds_refundable')
    await drain()
    await expectLedgerOk()
  })

  test('the wallet must hold the amount; a partial refund up to the wallet is allowed', async () => {
    const merchant = await createMerchantFixture(p.ctx)
    const txId = await paidPayment(merchant) // wallet 96.80 < 100.00
    const full = await refund(txId, { reason: 'all' }, merchant.productionKey)
    expect(full.statusCode).toBe(400)
    expect(full.json().code).toBe('insufficient_wallet_balance')
    expect(full.json().detail).toContain('96.80')
    const tooMuch = await refund(txId, { reason: 'x', amount: '96.81' }, merchant.productionKey)
    expect(tooMuch.json().code).toBe('insufficient_wallet_balance')
    const upToWallet = await refund(txId, { reason: 'x', amount: '96.80' }, merchant.productionKey)
    expect(upToWallet.statusCode).toBe(200)
    expect((await wallet(merchant))!.available).toBe('0.00')
    const more = await refund(txId, { reason: 'x', amount: '0.01' }, merchant.productionKey)
    expect(more.json().code).toBe('insufficient_wallet_balance')
    await drain()
    await expectLedgerOk()
  })

  test('funds pending settlement are not in the wallet', async () => {
    const merchant = await createMerchantFixture(p.ctx)
    const txId = await paidPayment(merchant, { settled: false })
    expect(await wallet(merchant)).toMatchObject({ available: '0.00', pending: '100.00' })
    const res = await refund(txId, { reason: 'x', amount: '1.00' }, merchant.productionKey)
    expect(res.json().code).toBe('insufficient_wallet_balance')
  })

  test.each([
    [{ amount: '0' }, 'amount'],
    [{ amount: '0.00' }, 'amount'],
    [{ amount: '-1.00' }, 'amount'],
    [{ amount: '1.001' }, 'amount'],
    [{ amount: 'abc' }, 'amount'],
    [{ amount: '1e2' }, 'amount'],
    [{ amount: ' 1.00' }, 'amount'],
    [{ amount: 10 }, 'amount'],
    [{ reason: '' }, 'reason'],
    [{ reason: '   ' }, 'reason'],
    [{ reason: 'x'.repeat(501) }, 'reason'],
    [{ reason: undefined }, 'reason'],
  ])('invalid body %j → 400 naming %s', async (patch, field) => {
    const txId = await paidPayment()
    const res = await refund(txId, { reason: 'ok', amount: '1.00', ...patch })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('validation_error')
    expect(Object.keys(res.json().errors)).toContain(field)
  })

  test('a 500-character reason is accepted', async () => {
    const txId = await paidPayment()
    expect((await refund(txId, { reason: 'x'.repeat(500), amount: '1.00' })).statusCode).toBe(200)
    await drain()
  })

  test('unknown, other-organization and other-environment payments are 404', async () => {
    const mine = await paidPayment()
    expect((await refund('TXdoesnotexist', { reason: 'x' })).statusCode).toBe(404)
    expect((await refund('999999999', { reason: 'x' })).statusCode).toBe(404)
    expect((await refund(mine, { reason: 'x' }, other.productionKey)).statusCode).toBe(404)
    expect((await refund(mine, { reason: 'x' }, m.sandboxKey)).statusCode).toBe(404)
  })
})

describe('authentication and scopes', () => {
  test('401 without or with a bad key; 403 without a refund-write scope', async () => {
    const txId = await paidPayment()
    const none = await p.app.inject({
      method: 'POST',
      url: `/api/transactions/${txId}/refund/`,
      payload: { reason: 'x' },
    })
    expect(none.statusCode).toBe(401)
    expect((await refund(txId, { reason: 'x' }, 'sk_live_nope')).statusCode).toBe(401)
    for (const scopes of [['checkout:create'], ['payments:read', 'refunds:read']]) {
      const res = await refund(txId, { reason: 'x' }, await createKey(p.ctx, m.organizationId, 'production', scopes))
      expect(res.statusCode).toBe(403)
      expect(res.json().code).toBe('insufficient_scope')
    }
    for (const scopes of [['refunds:write'], ['payments:write']]) {
      const res = await refund(
        txId,
        { reason: 'x', amount: '1.00' },
        await createKey(p.ctx, m.organizationId, 'production', scopes),
      )
      expect(res.statusCode).toBe(200)
    }
    await drain()
  })

  test('reads need refunds:read or payments:read', async () => {
    for (const [scopes, status] of [
      [['refunds:read'], 200],
      [['payments:read'], 200],
      [['refunds:write'], 403],
      [['checkout:create'], 403],
    ] as const) {
      const k = await createKey(p.ctx, m.organizationId, 'production', [...scopes])
      expect((await p.app.inject({ url: '/api/refunds/', headers: apiKeyHeaders(k) })).statusCode).toBe(status)
    }
    expect((await p.app.inject({ url: '/api/refunds/' })).statusCode).toBe(401)
    expect((await p.app.inject({ url: '/api/refunds/RFnope/' })).statusCode).toBe(401)
  })

  test('POST /api/refunds/ with an API key is 405', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/refunds/',
      headers: apiKeyHeaders(key()),
      payload: { transaction_id: 1, reason: 'x' },
    })
    expect(res.statusCode).toBe(405)
    expect(res.json().code).toBe('method_not_allowed')
    const header = await p.app.inject({
      method: 'POST',
      url: '/api/refunds/',
      headers: { 'api-key': key() },
      payload: {},
    })
    expect(header.statusCode).toBe(405)
  })
})

describe('get a refund', () => {
  test('by public id or numeric id, within the tenant only', async () => {
    const txId = await paidPayment()
    const created = (await refund(txId, { reason: 'Lookup', amount: '3.00' })).json()
    const byPublic = await p.app.inject({
      url: `/api/refunds/${created.refund_public_id}/`,
      headers: apiKeyHeaders(key()),
    })
    expect(byPublic.statusCode).toBe(200)
    expect(byPublic.json()).toMatchObject({
      id: created.refund_public_id,
      transaction_id: txId,
      amount: '3.00',
      currency: 'USD',
      amount_in_cents: 300,
      amount_usd: '3.00',
      reason: 'Lookup',
      status: 'processing',
    })
    const byNumeric = await p.app.inject({ url: `/api/refunds/${created.refund_id}/`, headers: apiKeyHeaders(key()) })
    expect(byNumeric.json()).toEqual(byPublic.json())
    expect(
      (
        await p.app.inject({
          url: `/api/refunds/${created.refund_public_id}/`,
          headers: apiKeyHeaders(other.productionKey),
        })
      ).statusCode,
    ).toBe(404)
    expect(
      (await p.app.inject({ url: `/api/refunds/${created.refund_id}/`, headers: apiKeyHeaders(m.sandboxKey) }))
        .statusCode,
    ).toBe(404)
    expect((await p.app.inject({ url: '/api/refunds/TXwrongprefix/', headers: apiKeyHeaders(key()) })).statusCode).toBe(
      404,
    )
    await drain()
  })
})
