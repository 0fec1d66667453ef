import { describe, expect, test } from 'vitest'
import { luhnValid } from '../../lib/card.ts'
import { FakeClock } from '../../../test/support/platform.ts'
import { createSimulator, DECLINE_MESSAGES, TEST_CARDS } from './simulator.ts'

const clock = new FakeClock()
const sim = createSimulator({ clock, depositSettleDelayMs: 5000 })
const confirm = (number: string) =>
  sim.confirmCard({
    reference: 'att_1',
    amountMinor: 2500,
    currency: 'USD',
    card: { number, expMonth: 12, expYear: 2034, cvc: '123', name: 'Ada' },
  })

describe('simulator test cards', () => {
  test('every test card passes the Luhn check (the page would refuse it otherwise)', () => {
    for (const number of Object.keys(TEST_CARDS)) expect(luhnValid(number), number).toBe(true)
  })

  test('4242: success, deposit settled, card summary without the number', async () => {
    const r = await confirm('4242424242424242')
    expect(r).toMatchObject({
      outcome: 'succeeded',
      depositStatus: 'succeeded',
      card: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034 },
    })
    expect(JSON.stringify(r)).not.toContain('4242424242424242')
    expect(await sim.depositSettled({ providerPaymentId: r.providerPaymentId })).toBe(true)
  })

  test('0077: success with the deposit pending until the delay has passed', async () => {
    const r = await confirm('4000000000000077')
    expect(r).toMatchObject({ outcome: 'succeeded', depositStatus: 'pending' })
    expect(await sim.depositSettled({ providerPaymentId: r.providerPaymentId })).toBe(false)
    clock.advance(4000)
    expect(await sim.depositSettled({ providerPaymentId: r.providerPaymentId })).toBe(false)
    clock.advance(1500)
    expect(await sim.depositSettled({ providerPaymentId: r.providerPaymentId })).toBe(true)
  })

  test.each([
    ['4000000000000002', 'Your card was declined.'],
    ['4000000000009995', 'Your card has insufficient funds.'],
    ['4000000000000069', 'Your card has expired.'],
    ['4000000000000127', "Your card's security code is incorrect."],
  ])('%s is declined: %s', async (number, message) => {
    expect(await confirm(number)).toMatchObject({ outcome: 'declined', message, card: { last4: number.slice(-4) } })
  })

  test('0119: retryable processing error', async () => {
    expect(await confirm('4000000000000119')).toMatchObject({
      outcome: 'error',
      retryable: true,
      message: DECLINE_MESSAGES.processingError,
    })
  })

  test('3220: requires a challenge; complete succeeds, fail declines', async () => {
    const r = await confirm('4000000000003220')
    expect(r.outcome).toBe('requires_action')
    expect(await sim.completeChallenge({ providerPaymentId: r.providerPaymentId, success: true })).toMatchObject({
      outcome: 'succeeded',
      depositStatus: 'succeeded',
    })
    expect(await sim.completeChallenge({ providerPaymentId: r.providerPaymentId, success: false })).toMatchObject({
      outcome: 'declined',
      message: DECLINE_MESSAGES.challengeFailed,
    })
    expect(await sim.completeChallenge({ providerPaymentId: 'sim_pi_abc', success: true })).toMatchObject({
      outcome: 'error',
      retryable: false,
    })
  })

  test('5126: success, but every refund of it fails at the provider; other refunds complete', async () => {
    const bad = await confirm('4000000000005126')
    expect(bad).toMatchObject({ outcome: 'succeeded', depositStatus: 'succeeded' })
    const refund = (id: string) =>
      sim.refund({ providerPaymentId: id, amountMinor: 100, currency: 'USD', reference: 'RF1' })
    expect(await refund(bad.providerPaymentId)).toMatchObject({ status: 'failed', message: expect.any(String) })
    expect(await refund((await confirm('4242424242424242')).providerPaymentId)).toMatchObject({
      status: 'completed',
      providerRefundId: expect.stringMatching(/^sim_re_/),
    })
  })

  test('any other valid card behaves like 4242; brands are recognised', async () => {
    expect(await confirm('5555555555554444')).toMatchObject({
      outcome: 'succeeded',
      card: { brand: 'mastercard', last4: '4444' },
    })
    expect(await confirm('378282246310005')).toMatchObject({ outcome: 'succeeded', card: { brand: 'amex' } })
  })

  test('each sandbox_simulate value scripts its provider outcome, no card needed', async () => {
    expect(sim.scripted('payment_failed')).toMatchObject({ outcome: 'declined', message: 'Your card was declined.' })
    expect(sim.scripted('checkout_canceled').outcome).toBe('canceled')
    expect(sim.scripted('canceled').outcome).toBe('canceled')
    expect(sim.scripted('checkout_pending').outcome).toBe('pending')
    const pending = sim.scripted('success_pending_deposit')
    expect(pending).toMatchObject({ outcome: 'succeeded', depositStatus: 'pending' })
    expect(await sim.depositSettled({ providerPaymentId: pending.providerPaymentId })).toBe(false)
  })
})
