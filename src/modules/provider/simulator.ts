import type { Clock } from '../../context.ts'
import { randomBase62 } from '../../lib/ids.ts'
import { cardBrand } from '../../lib/card.ts'
import type {
  CardDetails,
  CardSummary,
  ConfirmResult,
  PaymentProvider,
  RefundRequest,
  RefundResult,
} from './provider.types.ts'

/**
 * The built-in card processor for sandbox (and, only with ALLOW_SIMULATOR_IN_PRODUCTION=true, for
 * production). It keeps no state of its own: everything it must remember about a payment is encoded
 * in the providerPaymentId it hands out, so any process (API, worker) answers the same way:
 *   sim_pi_<random>            an ordinary payment
 *   …_3ds                      waiting for a 3-D Secure challenge (4000 0000 0000 3220)
 *   …_dp<ms base36>            deposit settles at that instant (4000 0000 0000 0077, success_pending_deposit)
 *   …_rf                       every refund fails at the provider (4000 0000 0000 5126)
 */

export type TestCardBehaviour =
  | { kind: 'success'; deposit: 'succeeded' | 'pending'; refundFails?: boolean }
  | { kind: 'decline'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'challenge' }

export const DECLINE_MESSAGES = {
  generic: 'Your card was declined.',
  insufficientFunds: 'Your card has insufficient funds.',
  expired: 'Your card has expired.',
  incorrectCvc: "Your card's security code is incorrect.",
  processingError: 'An error occurred while processing your card. Try again in a little bit.',
  challengeFailed: 'We were unable to authenticate your card (3-D Secure failed). Try again or use another card.',
} as const

export const TEST_CARDS: Readonly<Record<string, TestCardBehaviour>> = {
  '4242424242424242': { kind: 'success', deposit: 'succeeded' },
  '4000000000000077': { kind: 'success', deposit: 'pending' },
  '4000000000000002': { kind: 'decline', message: DECLINE_MESSAGES.generic },
  '4000000000009995': { kind: 'decline', message: DECLINE_MESSAGES.insufficientFunds },
  '4000000000000069': { kind: 'decline', message: DECLINE_MESSAGES.expired },
  '4000000000000127': { kind: 'decline', message: DECLINE_MESSAGES.incorrectCvc },
  '4000000000000119': { kind: 'error', message: DECLINE_MESSAGES.processingError },
  '4000000000003220': { kind: 'challenge' },
  '4000000000005126': { kind: 'success', deposit: 'succeeded', refundFails: true },
}

/** Any other valid card number behaves like 4242 4242 4242 4242. */
export const behaviourOf = (number: string): TestCardBehaviour => TEST_CARDS[number] ?? TEST_CARDS['4242424242424242']

export type ScriptedOutcome =
  | 'payment_success'
  | 'payment_failed'
  | 'checkout_canceled'
  | 'canceled'
  | 'success_pending_deposit'
  | 'checkout_pending'

export type ScriptedResult =
  | ConfirmResult
  | { outcome: 'canceled'; providerPaymentId: string; card: null }
  | { outcome: 'pending'; providerPaymentId: string; card: null }

const summary = (card: CardDetails): CardSummary => ({
  brand: cardBrand(card.number),
  last4: card.number.slice(-4),
  expMonth: card.expMonth,
  expYear: card.expYear,
})

export function createSimulator(options: {
  clock: Clock
  depositSettleDelayMs: number
}): PaymentProvider & { scripted(outcome: ScriptedOutcome): ScriptedResult } {
  const newId = () => `sim_pi_${randomBase62(20)}`
  const pendingDepositSuffix = () => `_dp${(options.clock.now().getTime() + options.depositSettleDelayMs).toString(36)}`

  const succeeded = (id: string, deposit: 'succeeded' | 'pending', card: CardSummary | null): ConfirmResult => ({
    outcome: 'succeeded',
    providerPaymentId: deposit === 'pending' ? id + pendingDepositSuffix() : id,
    depositStatus: deposit,
    card,
  })

  return {
    name: 'simulator',

    async confirmCard({ card }) {
      const behaviour = behaviourOf(card.number)
      const id = newId()
      const seen = summary(card)
      switch (behaviour.kind) {
        case 'success':
          return succeeded(behaviour.refundFails ? `${id}_rf` : id, behaviour.deposit, seen)
        case 'decline':
          return { outcome: 'declined', providerPaymentId: id, message: behaviour.message, card: seen }
        case 'error':
          return { outcome: 'error', providerPaymentId: id, message: behaviour.message, retryable: true, card: seen }
        case 'challenge':
          return { outcome: 'requires_action', providerPaymentId: `${id}_3ds`, card: seen }
      }
    },

    async completeChallenge({ providerPaymentId, success }) {
      if (!/^sim_pi_\w+_3ds$/.test(providerPaymentId)) {
        return {
          outcome: 'error',
          providerPaymentId,
          message: 'No 3-D Secure challenge is pending for this payment.',
          retryable: false,
          card: null,
        }
      }
      const id = providerPaymentId.slice(0, -'_3ds'.length)
      if (!success)
        return { outcome: 'declined', providerPaymentId: id, message: DECLINE_MESSAGES.challengeFailed, card: null }
      return succeeded(id, 'succeeded', null)
    },

    async depositSettled({ providerPaymentId }) {
      const match = /_dp([0-9a-z]+)(?:_|$)/.exec(providerPaymentId)
      if (!match) return true
      return options.clock.now().getTime() >= parseInt(match[1], 36)
    },

    async refund(request: RefundRequest): Promise<RefundResult> {
      if (/_rf(?:_|$)/.test(request.providerPaymentId)) {
        return {
          status: 'failed',
          providerRefundId: `sim_re_${randomBase62(20)}`,
          message: 'The card issuer refused the refund.',
        }
      }
      return { status: 'completed', providerRefundId: `sim_re_${randomBase62(20)}` }
    },

    /** Sandbox scripted outcomes: the session's sandbox_simulate decides the provider's answer, no card needed. */
    scripted(outcome) {
      const id = newId()
      switch (outcome) {
        case 'payment_success':
          return succeeded(id, 'succeeded', null)
        case 'success_pending_deposit':
          return succeeded(id, 'pending', null)
        case 'payment_failed':
          return { outcome: 'declined', providerPaymentId: id, message: DECLINE_MESSAGES.generic, card: null }
        case 'checkout_canceled':
        case 'canceled':
          return { outcome: 'canceled', providerPaymentId: id, card: null }
        case 'checkout_pending':
          return { outcome: 'pending', providerPaymentId: id, card: null }
      }
    },
  }
}
