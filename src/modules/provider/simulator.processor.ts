import { createHash } from 'node:crypto'
import type { Clock } from '../../context.ts'
import { cardBrand } from '../../lib/card.ts'
import { randomBase62 } from '../../lib/ids.ts'
import type { CardSummary, ConfirmResult } from './provider.types.ts'
import type { ChargeSavedMethodInput, Processor, ProviderCapabilities, ProviderPayment } from './seam.ts'
import { behaviourOf, createSimulator, DECLINE_MESSAGES } from './simulator.ts'

// The simulator on seam v2: card fields on Kassa's page, answers at once, partial refunds, saved
// cards for later off-session charges. Behaviour is the simulator's own (simulator.ts); this file only
// states its capabilities and adds the v2 operations. Stateless like the rest: a saved card's token
// carries what a later charge needs to know:
//   pm_<random>        charges succeed
//   …_dc               every later charge is declined (4000 0000 0000 0341: saves fine)
//   …_dp               charges succeed with the deposit pending (4000 0000 0000 0077)
//   …_rf               refunds of its charges fail (4000 0000 0000 5126)
//   …_3d               an off-session charge needs 3-D Secure the customer cannot answer (3220)

/** Saves fine, then every later charge is declined (as processors' own test cards do). */
export const SAVED_CARD_DECLINES_LATER = '4000000000000341'

export const OFF_SESSION_AUTH_REQUIRED =
  'This payment needs the customer to authenticate (3-D Secure) and cannot be charged without them.'

export const SIMULATOR_CAPABILITIES: ProviderCapabilities = Object.freeze({
  paymentFlow: 'card_fields',
  partialRefunds: true,
  savedPaymentMethods: true,
  webhookVerification: 'none',
  minimumAmounts: {},
  currencies: null,
})

export function createSimulatorProcessor(options: {
  clock: Clock
  depositSettleDelayMs: number
}): Processor & ReturnType<typeof createSimulator> {
  const simulator = createSimulator(options)

  async function readPayment({ providerPaymentId }: { providerPaymentId: string }): Promise<ProviderPayment> {
    // Kassa reads only payments it recorded as succeeded or challenged: the id says which.
    const challenged = /_3ds$/.test(providerPaymentId)
    const settled = await simulator.depositSettled({ providerPaymentId })
    return {
      providerPaymentId,
      status: challenged ? 'requires_action' : 'succeeded',
      rawStatus: challenged ? 'requires_action' : 'succeeded',
      depositStatus: challenged ? 'none' : settled ? 'succeeded' : 'pending',
      amountMinor: null,
      currency: null,
      reference: null,
      failureMessage: null,
      attempts: [],
      refund: 'none',
      card: null,
      updatedAt: null,
    }
  }

  // The charge's id is derived from Kassa's reference (the idempotency key): the same reference names
  // the same charge, so a charge whose answer was lost is read back by recomputing it (readCharge).
  async function chargeSavedMethod(input: ChargeSavedMethodInput): Promise<ConfirmResult> {
    const digest = createHash('sha256').update(`${input.reference}:${input.paymentMethodId}`).digest('hex')
    const id = `sim_pi_${digest.slice(0, 24)}`
    const token = input.paymentMethodId
    if (!/^pm_[0-9A-Za-z]+(?:_(?:dc|dp|rf|3d))*$/.test(token))
      return {
        outcome: 'error',
        providerPaymentId: id,
        message: 'No such saved payment method.',
        retryable: false,
        card: null,
      }
    if (token.includes('_dc'))
      return { outcome: 'declined', providerPaymentId: id, message: DECLINE_MESSAGES.generic, card: null }
    if (token.includes('_3d'))
      return { outcome: 'declined', providerPaymentId: id, message: OFF_SESSION_AUTH_REQUIRED, card: null }
    const pending = token.includes('_dp')
    const base = token.includes('_rf') ? `${id}_rf` : id
    const providerPaymentId = pending
      ? `${base}_dp${(options.clock.now().getTime() + options.depositSettleDelayMs).toString(36)}`
      : base
    return { outcome: 'succeeded', providerPaymentId, depositStatus: pending ? 'pending' : 'succeeded', card: null }
  }

  return {
    ...simulator,
    capabilities: SIMULATOR_CAPABILITIES,

    async startPayment(input) {
      if (!input.card) throw new Error('the simulator takes card fields: startPayment needs the card')
      return { kind: 'confirmed', result: await simulator.confirmCard({ ...input, card: input.card }) }
    },

    readPayment,

    async readRefund() {
      // The simulator answers a refund at once; there is never one left to read.
      return { status: 'not_found' }
    },

    async savePaymentMethod({ card }) {
      const summary: CardSummary = {
        brand: cardBrand(card.number),
        last4: card.number.slice(-4),
        expMonth: card.expMonth,
        expYear: card.expYear,
      }
      if (card.number === SAVED_CARD_DECLINES_LATER)
        return { outcome: 'saved', paymentMethodId: `pm_${randomBase62(20)}_dc`, card: summary }
      const behaviour = behaviourOf(card.number)
      if (behaviour.kind === 'decline' || behaviour.kind === 'error')
        return { outcome: 'declined', message: behaviour.message, card: summary }
      const suffix =
        behaviour.kind === 'challenge'
          ? '_3d'
          : `${behaviour.deposit === 'pending' ? '_dp' : ''}${behaviour.refundFails ? '_rf' : ''}`
      return { outcome: 'saved', paymentMethodId: `pm_${randomBase62(20)}${suffix}`, card: summary }
    },

    chargeSavedMethod,

    readCharge: chargeSavedMethod,
  }
}
