import type { Payment, Refund } from '../types.ts'

// The payloads Kassa's webhook dispatcher sends (and `GET /api/webhooks/stream/` streams): every one
// carries `event_id` and `event`; `event` tells the union apart. Payment and refund fields reuse the
// generated API types, so an API change shows up here too.

interface EventBase<Type extends string> {
  /** Unique per event (evt_…); a retried delivery repeats it, so receivers dedupe on it. */
  event_id: string
  event: Type
}

/** A payment changed status or got a new attempt: its state now, with every attempt (newest first). */
export interface TransactionStatusChangedEvent
  extends EventBase<'transaction.status_changed'>,
    Pick<Payment, 'order_id' | 'amount' | 'gross_amount' | 'status' | 'currency' | 'created_at' | 'updated_at'> {
  transaction_id: Payment['id']
  depositAttempts: Payment['depositAttempts']
}

/** A refund was created or changed status; the refund object plus `refund_id` (= `id`). */
export interface RefundStatusChangedEvent extends EventBase<'refund.status_changed'>, Refund {
  refund_id: Refund['id']
}

/** Sent by "Send test event" in the dashboard or `kassa webhook test`. */
export interface WebhookTestEvent extends EventBase<'webhook.test'> {
  message: string
  environment: 'sandbox' | 'production'
  created_at: string
}

/** An endpoint was disabled after answering 410 Gone or failing every delivery for 5 days. */
export interface WebhookEndpointDisabledEvent extends EventBase<'webhook_endpoint.disabled'> {
  endpoint_id: string
  url: string
  reason: string
  disabled_at: string
}

/** Every event Kassa sends; narrow on `event.event`. */
export type KassaEvent =
  | TransactionStatusChangedEvent
  | RefundStatusChangedEvent
  | WebhookTestEvent
  | WebhookEndpointDisabledEvent

export type KassaEventType = KassaEvent['event']

/** The event types this SDK version knows, for runtime checks. */
export const EVENT_TYPES: readonly KassaEventType[] = [
  'transaction.status_changed',
  'refund.status_changed',
  'webhook.test',
  'webhook_endpoint.disabled',
]
