import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  checkoutBody,
  createCheckoutViaApi,
} from '../../../test/support/platform.ts'
import { CARDS, card, getPayment, postCheckout, tokenOf } from '../../../test/support/checkout.ts'
import { createWorker } from '../../worker/registry.ts'

// Scripted sandbox outcomes (sandbox_simulate) through the JSON endpoints, and SANDBOX_SIMULATION=off (ignored).

async function setup(env: Record<string, string>) {
  const p = await createTestPlatform({ env })
  const m = await createMerchantFixture(p.ctx)
  const open = async (overrides: Record<string, unknown> = {}) => {
    const c = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId, overrides))
    return { ...c, token: tokenOf(c.checkout_url) }
  }
  return { p, m, open }
}

describe('internal simulation', () => {
  let s: Awaited<ReturnType<typeof setup>>
  beforeAll(async () => {
    s = await setup({ SANDBOX_SIMULATION: 'internal', DEPOSIT_SETTLE_DELAY_MS: '0' })
  })
  afterAll(() => s.p.close())

  test.each([
    ['payment_failed', 'failed', 'FAILED', 'FAILED'],
    ['checkout_canceled', 'canceled', 'CANCELED', 'CANCELED'],
    ['canceled', 'canceled', 'CANCELED', 'CANCELED'],
    ['success_pending_deposit', 'succeeded', 'SUCCESS', 'SUCCESS'],
    ['checkout_pending', 'pending', 'PENDING', 'PENDING'],
  ])('%s: Pay without a card → %s; sync-status %s', async (simulate, result, payStatus, sync) => {
    const c = await s.open({ sandbox_simulate: simulate })
    const session = (await postCheckout(s.p.app, 'session', { token: c.token })).json()
    expect(session.sandbox_simulate).toBe(simulate)
    const pay = (await postCheckout(s.p.app, 'pay', { token: c.token })).json()
    expect(pay).toMatchObject({ result, status: payStatus })
    const status = (await postCheckout(s.p.app, 'sync-status', { token: c.token })).json()
    expect(status.status).toBe(sync)
    const payment = await getPayment(s.p.app, s.m.sandboxKey, c.transaction_id)
    expect(payment.status).toBe(status.payment_status)
    expect(payment.status).toBe(
      { FAILED: 'failed', CANCELED: 'canceled', SUCCESS: 'paid', PENDING: 'processing' }[sync],
    )
  })

  test.each([
    ['payment_failed', 'FAILED', 'failed'],
    ['checkout_canceled', 'CANCELED', 'canceled'],
    ['canceled', 'CANCELED', 'canceled'],
    ['success_pending_deposit', 'SUCCESS', 'paid'],
    ['checkout_pending', 'PENDING', 'processing'],
  ])('%s through sync-status alone (the simulator answers with the script): %s', async (simulate, sync, status) => {
    const c = await s.open({ sandbox_simulate: simulate })
    for (let i = 0; i < 2; i++) {
      const answer = (await postCheckout(s.p.app, 'sync-status', { token: c.token })).json()
      expect(answer).toMatchObject({ status: sync, payment_status: status })
    }
    const payment = await getPayment(s.p.app, s.m.sandboxKey, c.transaction_id)
    expect(payment.status).toBe(status)
    expect(payment.depositAttempts.length).toBeLessThanOrEqual(1)
  })

  test('sync-status of a checkout without sandbox_simulate changes nothing', async () => {
    const c = await s.open()
    expect((await postCheckout(s.p.app, 'sync-status', { token: c.token })).json()).toMatchObject({
      status: 'PENDING',
      payment_status: 'processing',
      redirect_url: null,
    })
    expect((await getPayment(s.p.app, s.m.sandboxKey, c.transaction_id)).depositAttempts).toEqual([])
  })

  test('payment_failed records the decline; success_pending_deposit settles through the worker job', async () => {
    const failed = await s.open({ sandbox_simulate: 'payment_failed' })
    await postCheckout(s.p.app, 'pay', { token: failed.token })
    expect((await getPayment(s.p.app, s.m.sandboxKey, failed.transaction_id)).depositAttempts).toEqual([
      expect.objectContaining({ status: 'requires_payment_method', errorMessage: 'Your card was declined.' }),
    ])

    const pending = await s.open({ sandbox_simulate: 'success_pending_deposit' })
    await postCheckout(s.p.app, 'pay', { token: pending.token })
    expect((await getPayment(s.p.app, s.m.sandboxKey, pending.transaction_id)).deposit_status).toBe('pending')
    expect(await createWorker(s.p.ctx).drain()).toBeGreaterThan(0)
    expect(await getPayment(s.p.app, s.m.sandboxKey, pending.transaction_id)).toMatchObject({
      status: 'paid',
      deposit_status: 'succeeded',
    })
  })

  test('checkout_pending: paying again adds no attempt; the session can still be canceled', async () => {
    const c = await s.open({ sandbox_simulate: 'checkout_pending' })
    await postCheckout(s.p.app, 'pay', { token: c.token })
    await postCheckout(s.p.app, 'pay', { token: c.token })
    expect((await getPayment(s.p.app, s.m.sandboxKey, c.transaction_id)).depositAttempts).toHaveLength(1)
    expect((await postCheckout(s.p.app, 'cancel', { token: c.token })).json().status).toBe('CANCELED')
  })

  test('the page shows the banner naming the outcome and no card fields', async () => {
    const c = await s.open({ sandbox_simulate: 'payment_failed' })
    const page = (await s.p.app.inject({ url: new URL(c.checkout_url).pathname })).body
    expect(page).toContain('Sandbox scripted outcome: payment_failed')
    expect(page).not.toContain('Card number')
    expect(page).toMatch(/>Pay \$25\.00</)
  })
})

describe('SANDBOX_SIMULATION=off', () => {
  let s: Awaited<ReturnType<typeof setup>>
  beforeAll(async () => {
    s = await setup({ SANDBOX_SIMULATION: 'off' })
  })
  afterAll(() => s.p.close())

  test('sandbox_simulate is stored but ignored: the page takes test cards', async () => {
    const c = await s.open({ sandbox_simulate: 'payment_failed' })
    const page = (await s.p.app.inject({ url: new URL(c.checkout_url).pathname })).body
    expect(page).not.toContain('scripted outcome')
    expect(page).toContain('Card number')
    expect((await postCheckout(s.p.app, 'sync-status', { token: c.token })).json().status).toBe('PENDING')
    expect((await postCheckout(s.p.app, 'pay', { token: c.token })).json().errors).toEqual({
      card: ['Card details are required.'],
    })
    expect((await postCheckout(s.p.app, 'pay', { token: c.token, card: card(CARDS.success) })).json()).toMatchObject({
      result: 'succeeded',
      status: 'SUCCESS',
    })
  })
})
