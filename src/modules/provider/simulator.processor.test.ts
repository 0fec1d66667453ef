import { describe, expect, test } from 'vitest'
import { FakeClock } from '../../../test/support/platform.ts'
import { createSimulatorProcessor, OFF_SESSION_AUTH_REQUIRED, SIMULATOR_CAPABILITIES } from './simulator.processor.ts'

const clock = new FakeClock()
const sim = createSimulatorProcessor({ clock, depositSettleDelayMs: 5000 })
const card = (number: string) => ({ number, expMonth: 12, expYear: 2034, cvc: '123', name: 'Ada' })

async function saved(number: string) {
  const result = await sim.savePaymentMethod?.({ card: card(number), customerReference: 'cus_1' })
  if (result?.outcome !== 'saved') throw new Error(`expected ${number} to save`)
  return result.paymentMethodId
}

const charge = (paymentMethodId: string) =>
  sim.chargeSavedMethod?.({ paymentMethodId, amountMinor: 1500, currency: 'USD', reference: 'inv_1', offSession: true })

describe('simulator on seam v2', () => {
  test('declares card fields, partial refunds, saved cards, no webhooks, no minimums', () => {
    expect(sim.capabilities).toBe(SIMULATOR_CAPABILITIES)
    expect(sim.capabilities).toMatchObject({
      paymentFlow: 'card_fields',
      partialRefunds: true,
      savedPaymentMethods: true,
      webhookVerification: 'none',
    })
  })

  test('startPayment with a card confirms it exactly as confirmCard does', async () => {
    const input = {
      reference: 'att_1',
      amountMinor: 2500,
      currency: 'USD',
      customerEmail: 'a@b.co',
      description: 'x',
      returnUrl: 'http://a.test',
      cancelUrl: 'http://a.test',
      metadata: {},
    }
    expect(await sim.startPayment({ ...input, card: card('4242424242424242') })).toMatchObject({
      kind: 'confirmed',
      result: { outcome: 'succeeded', depositStatus: 'succeeded' },
    })
    expect(await sim.startPayment({ ...input, card: card('4000000000000002') })).toMatchObject({
      kind: 'confirmed',
      result: { outcome: 'declined', message: 'Your card was declined.' },
    })
    await expect(sim.startPayment(input)).rejects.toThrow()
  })

  test('saved cards: pm_ tokens; 0341 saves and declines every later charge; decline cards do not save', async () => {
    const good = await saved('4242424242424242')
    expect(good).toMatch(/^pm_[0-9A-Za-z]+$/)
    expect(await charge(good)).toMatchObject({ outcome: 'succeeded', depositStatus: 'succeeded' })
    const later = await saved('4000000000000341')
    expect(later).toMatch(/^pm_/)
    for (let i = 0; i < 3; i++) expect(await charge(later)).toMatchObject({ outcome: 'declined' })
    expect(await sim.savePaymentMethod?.({ card: card('4000000000000002'), customerReference: 'c' })).toMatchObject({
      outcome: 'declined',
      message: 'Your card was declined.',
    })
    expect(await charge(await saved('4000000000003220'))).toMatchObject({
      outcome: 'declined',
      message: OFF_SESSION_AUTH_REQUIRED,
    })
    expect(await charge('pm_bogus!')).toMatchObject({ outcome: 'error', retryable: false })
  })

  test('a saved 0077 card charges with the deposit pending until the settle delay; 5126 charges refund-fail', async () => {
    const result = await charge(await saved('4000000000000077'))
    if (result?.outcome !== 'succeeded') throw new Error('expected success')
    expect(result.depositStatus).toBe('pending')
    expect((await sim.readPayment({ providerPaymentId: result.providerPaymentId })).depositStatus).toBe('pending')
    clock.advance(5001)
    expect((await sim.readPayment({ providerPaymentId: result.providerPaymentId })).depositStatus).toBe('succeeded')
    const rf = await charge(await saved('4000000000005126'))
    if (rf?.outcome !== 'succeeded') throw new Error('expected success')
    expect(
      await sim.refund({
        providerPaymentId: rf.providerPaymentId,
        amountMinor: 1500,
        currency: 'USD',
        reference: 'RF1',
      }),
    ).toMatchObject({ status: 'failed' })
  })

  test('readCharge answers what the lost chargeSavedMethod answered: the same charge id for the same reference', async () => {
    const token = await saved('4242424242424242')
    const input = {
      paymentMethodId: token,
      amountMinor: 1500,
      currency: 'USD',
      reference: 'TX_lost',
      offSession: true as const,
    }
    const charged = await sim.chargeSavedMethod?.(input)
    expect(charged?.outcome).toBe('succeeded')
    expect(await sim.readCharge?.(input)).toEqual(charged)
    const other = await sim.chargeSavedMethod?.({ ...input, reference: 'TX_other' })
    expect(other?.outcome === 'succeeded' && other.providerPaymentId).not.toBe(
      charged?.outcome === 'succeeded' && charged.providerPaymentId,
    )
    const declining = await saved('4000000000000341')
    expect(await sim.readCharge?.({ ...input, paymentMethodId: declining })).toMatchObject({ outcome: 'declined' })
  })
})
