import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  checkoutBody,
  createCheckoutViaApi,
  type TestPlatform,
  type Merchant,
} from '../../../test/support/platform.ts'
import { CARDS, card, getPayment, postCheckout, tokenOf } from '../../../test/support/checkout.ts'
import { createWorker } from '../../worker/registry.ts'

let p: TestPlatform
let m: Merchant
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

async function newCheckout(overrides: Record<string, unknown> = {}) {
  const created = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId, overrides))
  return { ...created, token: tokenOf(created.checkout_url) }
}

async function events(transactionId: string) {
  const rows = await p.ctx.db
    .selectFrom('events')
    .selectAll()
    .where('subject_id', '=', transactionId)
    .where('type', '=', 'transaction.status_changed')
    .orderBy('id')
    .execute()
  return rows.map((r) => r.payload as Record<string, any>)
}

describe('paying with test cards', () => {
  test('4242 succeeds: paid, deposit settled, card summary kept, redirect with the ids', async () => {
    const c = await newCheckout({ successUrl: 'https://shop.example/done?ref=7' })
    const res = await postCheckout(p.app, 'pay', { token: c.token, card: card(CARDS.success) })
    expect(res.statusCode).toBe(200)
    const answer = res.json()
    expect(answer).toMatchObject({
      result: 'succeeded',
      status: 'SUCCESS',
      payment_status: 'paid',
      deposit_status: 'succeeded',
    })
    const redirect = new URL(answer.redirect_url)
    expect(redirect.origin + redirect.pathname).toBe('https://shop.example/done')
    expect(Object.fromEntries(redirect.searchParams)).toEqual({
      ref: '7',
      checkout_id: c.checkout_id,
      order_id: c.order_id,
      transaction_id: c.transaction_id,
    })
    const payment = await getPayment(p.app, m.sandboxKey, c.transaction_id)
    expect(payment).toMatchObject({
      status: 'paid',
      deposit_status: 'succeeded',
      card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 },
    })
    expect(payment.depositAttempts).toHaveLength(1)
    expect(payment.depositAttempts[0]).toMatchObject({ status: 'succeeded', errorMessage: null, paymentMethod: 'card' })
    const evs = await events(c.transaction_id)
    expect(evs.at(-1)).toMatchObject({ status: 'paid', depositAttempts: payment.depositAttempts })
  })

  test('decline then success: two attempts, newest first, each with its message; one event per change', async () => {
    const c = await newCheckout()
    const declined = await postCheckout(p.app, 'pay', { token: c.token, card: card(CARDS.insufficientFunds) })
    expect(declined.json()).toMatchObject({
      result: 'declined',
      message: 'Your card has insufficient funds.',
      status: 'PENDING',
      payment_status: 'processing',
      redirect_url: null,
      attempts_remaining: 4,
    })
    const ok = await postCheckout(p.app, 'pay', { token: c.token, card: card(CARDS.success) })
    expect(ok.json().result).toBe('succeeded')
    const payment = await getPayment(p.app, m.sandboxKey, c.transaction_id)
    expect(payment.depositAttempts.map((a: any) => [a.status, a.errorMessage])).toEqual([
      ['succeeded', null],
      ['requires_payment_method', 'Your card has insufficient funds.'],
    ])
    const evs = await events(c.transaction_id)
    expect(evs.map((e) => [e.status, e.depositAttempts.length])).toEqual([
      ['processing', 1],
      ['paid', 2],
    ])
  })

  test.each([
    [CARDS.declined, 'Your card was declined.'],
    [CARDS.insufficientFunds, 'Your card has insufficient funds.'],
    [CARDS.expiredCard, 'Your card has expired.'],
    [CARDS.incorrectCvc, "Your card's security code is incorrect."],
    [CARDS.processingError, 'An error occurred while processing your card. Try again in a little bit.'],
  ])('%s is declined with "%s" and the customer may retry', async (number, message) => {
    const c = await newCheckout()
    const res = await postCheckout(p.app, 'pay', { token: c.token, card: card(number) })
    expect(res.json()).toMatchObject({ result: 'declined', message, payment_status: 'processing' })
    const payment = await getPayment(p.app, m.sandboxKey, c.transaction_id)
    expect(payment.depositAttempts).toEqual([
      expect.objectContaining({ status: 'requires_payment_method', errorMessage: message }),
    ])
  })

  test('after CHECKOUT_MAX_ATTEMPTS failures the payment is failed and the failedUrl is the redirect', async () => {
    const c = await newCheckout({ failedUrl: 'https://shop.example/failed' })
    for (let i = 1; i <= 4; i++)
      expect((await postCheckout(p.app, 'pay', { token: c.token, card: card(CARDS.declined) })).json().result).toBe(
        'declined',
      )
    const last = (await postCheckout(p.app, 'pay', { token: c.token, card: card(CARDS.declined) })).json()
    expect(last).toMatchObject({ result: 'failed', status: 'FAILED', payment_status: 'failed', attempts_remaining: 0 })
    expect(last.redirect_url).toMatch(/^https:\/\/shop\.example\/failed\?checkout_id=/)
    const again = await postCheckout(p.app, 'pay', { token: c.token, card: card(CARDS.success) })
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('checkout_failed')
    const payment = await getPayment(p.app, m.sandboxKey, c.transaction_id)
    expect(payment.status).toBe('failed')
    expect(payment.depositAttempts).toHaveLength(5)
  })

  test('a paid checkout cannot be paid again (replayed request)', async () => {
    const c = await newCheckout()
    const body = { token: c.token, card: card(CARDS.success) }
    expect((await postCheckout(p.app, 'pay', body)).statusCode).toBe(200)
    const replay = await postCheckout(p.app, 'pay', body)
    expect(replay.statusCode).toBe(409)
    expect(replay.json().code).toBe('checkout_already_paid')
    const payment = await getPayment(p.app, m.sandboxKey, c.transaction_id)
    expect(payment.depositAttempts.filter((a: any) => a.status === 'succeeded')).toHaveLength(1)
  })

  test('malformed card data is refused with field messages and no attempt', async () => {
    const c = await newCheckout()
    const res = await postCheckout(p.app, 'pay', {
      token: c.token,
      card: { number: '4242 4242 4242 4241', expiry: '01 / 20', cvc: '12', name: 'x'.repeat(101) },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual({
      'card.number': ['Your card number is invalid.'],
      'card.expiry': ["Your card's expiration date is in the past."],
      'card.cvc': ["Your card's security code is incomplete."],
      'card.name': ['The name on your card is too long.'],
    })
    expect((await getPayment(p.app, m.sandboxKey, c.transaction_id)).depositAttempts).toEqual([])
  })

  test('a bad or forged token is a 404', async () => {
    const c = await newCheckout()
    for (const token of ['nope', c.token.slice(0, -2) + 'xx']) {
      const res = await postCheckout(p.app, 'sync-status', { token })
      expect(res.statusCode).toBe(404)
      expect(res.json().code).toBe('invalid_checkout_token')
    }
  })
})

describe('3-D Secure', () => {
  test('3220 asks for a challenge; Complete pays', async () => {
    const c = await newCheckout()
    const first = (await postCheckout(p.app, 'pay', { token: c.token, card: card(CARDS.threeDSecure) })).json()
    expect(first).toMatchObject({ result: 'requires_action', status: 'PENDING' })
    expect((await postCheckout(p.app, 'session', { token: c.token })).json().challenge_pending).toBe(true)
    const done = (await postCheckout(p.app, '3ds', { token: c.token, action: 'complete' })).json()
    expect(done).toMatchObject({ result: 'succeeded', status: 'SUCCESS' })
    const payment = await getPayment(p.app, m.sandboxKey, c.transaction_id)
    expect(payment).toMatchObject({ status: 'paid', card: { last4: '3220' } })
    expect(payment.depositAttempts).toEqual([expect.objectContaining({ status: 'succeeded' })])
  })

  test('Fail records a declined attempt; the customer can pay with another card', async () => {
    const c = await newCheckout()
    await postCheckout(p.app, 'pay', { token: c.token, card: card(CARDS.threeDSecure) })
    const failed = (await postCheckout(p.app, '3ds', { token: c.token, action: 'fail' })).json()
    expect(failed.result).toBe('declined')
    expect(failed.message).toMatch(/3-D Secure/)
    const noChallenge = await postCheckout(p.app, '3ds', { token: c.token, action: 'complete' })
    expect(noChallenge.statusCode).toBe(409)
    expect((await postCheckout(p.app, 'pay', { token: c.token, card: card(CARDS.success) })).json().result).toBe(
      'succeeded',
    )
    const payment = await getPayment(p.app, m.sandboxKey, c.transaction_id)
    expect(payment.depositAttempts.map((a: any) => a.status)).toEqual(['succeeded', 'requires_payment_method'])
  })
})

describe('cancel and expiry', () => {
  test('cancel: payment canceled, cancelUrl with the ids, idempotent, no pay afterwards', async () => {
    const c = await newCheckout({ cancelUrl: 'https://shop.example/cancel' })
    const res = (await postCheckout(p.app, 'cancel', { token: c.token })).json()
    expect(res).toMatchObject({ status: 'CANCELED', payment_status: 'canceled', checkout_status: 'canceled' })
    expect(res.redirect_url).toBe(
      `https://shop.example/cancel?checkout_id=${c.checkout_id}&order_id=${c.order_id}&transaction_id=${c.transaction_id}`,
    )
    expect((await postCheckout(p.app, 'cancel', { token: c.token })).statusCode).toBe(200)
    expect((await postCheckout(p.app, 'pay', { token: c.token, card: card(CARDS.success) })).statusCode).toBe(409)
    const row = await p.ctx.db
      .selectFrom('transactions')
      .select(['status', 'cancel_reason'])
      .where('public_id', '=', c.transaction_id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'canceled', cancel_reason: 'customer' })
  })

  test('the worker expires open sessions: session expired, payment canceled with reason expired', async () => {
    const c = await newCheckout({ expires_in_minutes: 30 })
    const other = await newCheckout()
    p.clock.advance(31 * 60_000)
    try {
      await createWorker(p.ctx).runPeriodic()
    } finally {
      p.clock.advance(-31 * 60_000)
    }
    const row = await p.ctx.db
      .selectFrom('transactions')
      .innerJoin('checkout_sessions', 'checkout_sessions.id', 'transactions.checkout_session_id')
      .select(['transactions.status', 'transactions.cancel_reason', 'checkout_sessions.status as session_status'])
      .where('transactions.public_id', '=', c.transaction_id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'canceled', cancel_reason: 'expired', session_status: 'expired' })
    expect((await getPayment(p.app, m.sandboxKey, other.transaction_id)).status).toBe('processing')
    const pay = await postCheckout(p.app, 'pay', { token: c.token, card: card(CARDS.success) })
    expect(pay.statusCode).toBe(410)
    expect(pay.json().detail).toBe('This checkout has expired.')
    expect((await postCheckout(p.app, 'sync-status', { token: c.token })).json()).toMatchObject({
      status: 'CANCELED',
      payment_status: 'canceled',
      checkout_status: 'expired',
    })
  })
})

describe('deposits', () => {
  test('0077: paid with deposit pending; the worker settles it after the delay, once', async () => {
    const c = await newCheckout()
    expect(
      (await postCheckout(p.app, 'pay', { token: c.token, card: card(CARDS.pendingDeposit) })).json(),
    ).toMatchObject({ status: 'SUCCESS', deposit_status: 'pending' })
    const worker = createWorker(p.ctx)
    await worker.runPeriodic()
    expect((await getPayment(p.app, m.sandboxKey, c.transaction_id)).deposit_status).toBe('pending')
    p.clock.advance(p.ctx.config.depositSettleDelayMs + 1000)
    await worker.runPeriodic()
    await worker.runPeriodic()
    const payment = await getPayment(p.app, m.sandboxKey, c.transaction_id)
    expect(payment).toMatchObject({ status: 'paid', deposit_status: 'succeeded' })
  })
})
