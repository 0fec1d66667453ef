import { afterAll, describe, expect, test } from 'vitest'
import { apiKeyHeaders, checkoutBody } from '../support/platform.ts'
import { scriptedRefunds } from '../support/payments.ts'
import { refundsFixture } from './refunds.fixture.ts'

// Refunds through the API: the lifecycle of a refund and Idempotency-Key replays.

const { p, m, key, refund, getTx, wallet, drain, paidPayment, eventsOf, expectLedgerOk } = await refundsFixture()
afterAll(() => p.close())

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
