import type { CardDetails, CardSummary, ConfirmResult, RefundRequest, RefundResult } from './provider.types.ts'

// Provider seam v2: what any card processor declares and implements. Processor code is stateless
// (no database, no memory between calls); Kassa's modules own persistence, call these operations
// OUTSIDE any DB transaction and record the answers in a transaction of their own.

/** How the customer pays: card fields on Kassa's page, or a redirect to the processor's own page. */
export type PaymentFlow = 'card_fields' | 'hosted_redirect'

/** How the processor signs the webhooks it sends (`none`: it sends none, Kassa reads instead). */
export type WebhookVerificationScheme = 'none' | 'svix'

export interface ProviderCapabilities {
  paymentFlow: PaymentFlow
  /** Refunds of part of a payment; without it only the whole amount can be refunded. */
  partialRefunds: boolean
  /** Keeps a card for later merchant-initiated (off-session) charges: savePaymentMethod / chargeSavedMethod. */
  savedPaymentMethods: boolean
  webhookVerification: WebhookVerificationScheme
  /** Smallest payment per currency, in minor units; a currency not listed has no minimum. */
  minimumAmounts: Readonly<Record<string, number>>
  /** Currencies the processor takes; null: any currency Kassa supports. */
  currencies: readonly string[] | null
}

/**
 * A payment as the processor reports it, already mapped to Kassa's words. `processing` is the default:
 * only an explicit success or failure from the processor is ever mapped to one.
 */
export type ProviderPaymentStatus = 'processing' | 'requires_action' | 'succeeded' | 'failed' | 'canceled'

export interface ProviderDepositAttempt {
  status: 'succeeded' | 'failed' | 'processing'
  amountMinor: number | null
  paymentMethod: string | null
  error: string | null
  attemptedAt: Date | null
}

export type ProviderRefundState = 'none' | 'processing' | 'completed' | 'failed'

export interface ProviderPayment {
  providerPaymentId: string
  status: ProviderPaymentStatus
  /** The processor's own status word, kept for logs, dedupe and the payment detail. */
  rawStatus: string
  depositStatus: 'none' | 'pending' | 'succeeded'
  /** What the processor says it charges: Kassa checks both against its own total (integrity check). */
  amountMinor: number | null
  currency: string | null
  /** The Kassa reference given to startPayment, read back (metadata), when the processor keeps one. */
  reference: string | null
  failureMessage: string | null
  attempts: ProviderDepositAttempt[]
  refund: ProviderRefundState
  card: CardSummary | null
  /** The processor's last-change instant: (payment, rawStatus, updatedAt) identifies one change. */
  updatedAt: string | null
}

export interface StartPaymentInput {
  /** Kassa's attempt reference: sent along (metadata) so a lost answer can be matched later. */
  reference: string
  amountMinor: number
  currency: string
  customerEmail: string
  /** One line the processor shows the customer (for example "Order cs_… · Shop name"). */
  description: string
  /** Where a hosted page sends the customer back (hosted_redirect only). */
  returnUrl: string
  cancelUrl: string
  /** Kassa's ids, kept by the processor with the payment. */
  metadata: Record<string, string>
  /** card_fields only: the card typed on Kassa's page; lives only in this call's memory. */
  card?: CardDetails
}

export type StartPaymentResult =
  | { kind: 'redirect'; providerPaymentId: string; redirectUrl: string }
  | { kind: 'confirmed'; result: ConfirmResult }

/** An inbound webhook, before any parsing: the exact bytes and the headers. */
export interface InboundWebhook {
  rawBody: string
  headers: Record<string, string | string[] | undefined>
  now: Date
}

/** One event of a verified webhook: which payment changed, and its state as the event tells it. */
export interface ProviderWebhookEvent {
  /** The delivery's id (svix-id): stable across the processor's retries. */
  deliveryId: string
  type: string
  payment: ProviderPayment
}

/** Raised by verifyWebhook: bad signature, stale timestamp or malformed body. Nothing may change. */
export class WebhookVerificationError extends Error {}

/**
 * Thrown when a processor call may or may not have reached the processor (timeout, connection lost
 * after sending, 5xx): the caller must reconcile by reading, never by repeating the call.
 */
export class ProviderUncertainError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** Thrown when the processor refused the request for certain (4xx): nothing was created. */
export class ProviderRejectedError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message)
  }
}

export type SavePaymentMethodResult =
  /** `pm_…`: what a later off-session charge names. Keep it with the card summary; never the number. */
  | { outcome: 'saved'; paymentMethodId: string; card: CardSummary }
  | { outcome: 'declined'; message: string; card: CardSummary }

export interface ChargeSavedMethodInput {
  paymentMethodId: string
  amountMinor: number
  currency: string
  reference: string
  /** Merchant-initiated: the customer is not present to answer a challenge. */
  offSession: true
}

/** What an off-session charge is read back by, after its answer was lost. */
export interface ReadChargeInput extends ChargeSavedMethodInput {
  /** The processor's id of the charge when Kassa knows it; the reference alone otherwise. */
  providerPaymentId?: string | null
}

/** `not_found`: the processor has no charge under the reference, so the lost call never arrived. */
export type ReadChargeResult = ConfirmResult | { outcome: 'not_found' }

/** Hard declines (stolen, lost, fraud): not retried until the card changes. */
export function isHardDecline(message: string): boolean {
  return /stolen|lost|fraud/i.test(message)
}

/** A refund's answer; `processing`: the processor decides later (Kassa reads it or waits for a webhook). */
export type ProviderRefundResult = RefundResult | { status: 'processing'; providerRefundId: string | null }

export interface Processor {
  readonly name: string
  readonly capabilities: ProviderCapabilities
  startPayment(input: StartPaymentInput): Promise<StartPaymentResult>
  readPayment(input: { providerPaymentId: string }): Promise<ProviderPayment>
  /** The whole amount unless capabilities.partialRefunds. `processing`: the outcome comes later (read or webhook). */
  refund(input: RefundRequest): Promise<ProviderRefundResult>
  /** Where the processor has a refund object of its own; otherwise Kassa reads the payment. */
  /** `not_found`: the processor shows no refund, so an uncertain refund request never arrived. */
  readRefund?(input: {
    providerPaymentId: string
    providerRefundId: string | null
  }): Promise<ProviderRefundResult | { status: 'not_found' }>
  /** Verifies the signature and timestamp FIRST, then parses every event of the delivery. */
  verifyWebhook?(input: InboundWebhook): ProviderWebhookEvent[]
  /** card_fields: the 3-D Secure answer of a payment left in requires_action. */
  completeChallenge?(input: { providerPaymentId: string; success: boolean }): Promise<ConfirmResult>
  /** capabilities.savedPaymentMethods: keep the card for later charges (no money moves). */
  savePaymentMethod?(input: { card: CardDetails; customerReference: string }): Promise<SavePaymentMethodResult>
  /** capabilities.savedPaymentMethods: charge a saved card without the customer (subscriptions). */
  chargeSavedMethod?(input: ChargeSavedMethodInput): Promise<ConfirmResult>
  /**
   * The off-session charge made under `reference` (the idempotency key of chargeSavedMethod), read back
   * when its answer was lost: the same answer the lost call had, or `not_found`. Throws
   * ProviderUncertainError when the processor cannot tell yet; the caller reads again later.
   */
  readCharge?(input: ReadChargeInput): Promise<ReadChargeResult>
}

/** The processor's minimum (minor units) when the amount is below it, else null. */
export function belowMinimum(capabilities: ProviderCapabilities, amountMinor: number, currency: string): number | null {
  const minimum = capabilities.minimumAmounts[currency]
  return minimum !== undefined && amountMinor < minimum ? minimum : null
}
