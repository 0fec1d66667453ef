import { createHash } from 'node:crypto'
import type { AppContext } from '../../context.ts'
import type { Environment } from '../../db/types.ts'
import { cardBrand } from '../../lib/card.ts'
import { randomBase62 } from '../../lib/ids.ts'
import { AppError } from '../../lib/errors.ts'
import type { CardDetails, CardSummary, ConfirmResult } from './provider.types.ts'
import { behaviourOf, DECLINE_MESSAGES } from './simulator.ts'

// Saved payment methods, in the shape of provider seam v2 (branch inflow: seam.ts and
// simulator.processor.ts): savePaymentMethod keeps the card at the processor and answers a `pm_…`
// token; chargeSavedMethod charges it off-session. Until seam v2 lands on main this is the smallest
// compatible piece for the simulator; the token scheme is the same:
//   pm_<random>  charges succeed · …_dc every later charge is declined (4000 0000 0000 0341: saves fine)
//   …_dp deposit pending (0077) · …_rf refunds fail (5126) · …_3d off-session needs 3-D Secure (3220)
// Added here: a charge's processor id is derived from Kassa's reference, so the same reference names
// the same charge (the processor's idempotency key) and a lost answer is recovered by readSavedCharge.

export const SAVED_CARD_DECLINES_LATER = '4000000000000341'
export const OFF_SESSION_AUTH_REQUIRED =
  'This payment needs the customer to authenticate (3-D Secure) and cannot be charged without them.'

export type SavePaymentMethodResult =
  | { outcome: 'saved'; paymentMethodId: string; card: CardSummary }
  | { outcome: 'declined'; message: string; card: CardSummary }

export interface ChargeSavedMethodInput {
  paymentMethodId: string
  amountMinor: number
  currency: string
  reference: string
  offSession: true
}

export interface SavedMethods {
  savePaymentMethod(input: { card: CardDetails; customerReference: string }): Promise<SavePaymentMethodResult>
  chargeSavedMethod(input: ChargeSavedMethodInput): Promise<ConfirmResult>
  /** The charge made under `reference`, read back (same answer as the call that was lost). */
  readSavedCharge(input: ChargeSavedMethodInput): Promise<ConfirmResult>
}

/** Hard declines (stolen, lost, fraud): not retried until the card changes. */
export function isHardDecline(message: string): boolean {
  return /stolen|lost|fraud/i.test(message)
}

export function createSimulatorSavedMethods(options: { now: () => Date; depositSettleDelayMs: number }): SavedMethods {
  function charge(input: ChargeSavedMethodInput): ConfirmResult {
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
      ? `${base}_dp${(options.now().getTime() + options.depositSettleDelayMs).toString(36)}`
      : base
    return { outcome: 'succeeded', providerPaymentId, depositStatus: pending ? 'pending' : 'succeeded', card: null }
  }
  return {
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
    async chargeSavedMethod(input) {
      return charge(input)
    },
    async readSavedCharge(input) {
      return charge(input)
    },
  }
}

/** Saved methods of the environment's processor; only the simulator offers them until seam v2 lands. */
export function getSavedMethods(ctx: AppContext, environment: Environment): SavedMethods {
  const name = environment === 'sandbox' ? 'simulator' : ctx.config.productionProvider
  if (name !== 'simulator' || (environment === 'production' && !ctx.config.allowSimulatorInProduction))
    throw new AppError(
      'provider_unavailable',
      'Subscriptions are not available: the card processor of this environment cannot save cards.',
    )
  return createSimulatorSavedMethods({
    now: () => ctx.clock.now(),
    depositSettleDelayMs: ctx.config.depositSettleDelayMs,
  })
}
