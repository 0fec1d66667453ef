// The seam between Kassa and a card processor. Modules call these methods OUTSIDE any DB transaction
// and record results in a transaction of their own. The built-in `simulator` serves sandbox.

export interface CardDetails {
  number: string
  expMonth: number
  expYear: number
  cvc: string
  name: string
}

export interface CardSummary {
  brand: string
  last4: string
  expMonth: number
  expYear: number
}

export type ConfirmResult =
  | {
      outcome: 'succeeded'
      providerPaymentId: string
      depositStatus: 'pending' | 'succeeded'
      card: CardSummary | null
    }
  | { outcome: 'declined'; providerPaymentId: string; message: string; card: CardSummary | null }
  | { outcome: 'requires_action'; providerPaymentId: string; card: CardSummary | null }
  | { outcome: 'error'; providerPaymentId: string; message: string; retryable: boolean; card: CardSummary | null }

export interface RefundRequest {
  providerPaymentId: string
  amountMinor: number
  currency: string
  /** Our refund's public id: providers use it to dedupe retries. */
  reference: string
}

export type RefundResult =
  | { status: 'completed'; providerRefundId: string }
  | { status: 'failed'; providerRefundId: string | null; message: string }
  | { status: 'rejected'; providerRefundId: string | null; message: string }

export interface PaymentProvider {
  readonly name: string
  confirmCard(input: {
    reference: string
    amountMinor: number
    currency: string
    card: CardDetails
  }): Promise<ConfirmResult>
  completeChallenge(input: { providerPaymentId: string; success: boolean }): Promise<ConfirmResult>
  /** Is the deposit of a succeeded payment settled (funds available)? */
  depositSettled(input: { providerPaymentId: string }): Promise<boolean>
  refund(input: RefundRequest): Promise<RefundResult>
}
