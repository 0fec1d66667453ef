import type { Generated } from 'kysely'
import type { Environment, Timestamp } from '../../db/types.ts'

export type ProcessorPaymentState =
  /** Recorded before the create call; the answer has not been recorded yet. */
  | 'creating'
  /** The create may have reached the processor (timeout, 5xx): resolved only by reading. */
  | 'unknown'
  /** Created; the customer can pay it on the processor's page. */
  | 'open'
  | 'succeeded'
  | 'failed'
  | 'canceled'
  /** A lost create nobody can pay (no trace of it after the unknown window): a new one may be made. */
  | 'abandoned'
  /** The processor refused the create for certain (4xx): nothing exists there. */
  | 'rejected'

/** Migration 0009: one row per payment Kassa asked a hosted-page processor to create. */
export interface ProcessorPaymentsTable {
  id: Generated<number>
  organization_id: number
  environment: Environment
  checkout_session_id: number
  transaction_id: number
  provider: string
  reference: string
  provider_payment_id: string | null
  redirect_url: string | null
  state: Generated<ProcessorPaymentState>
  provider_status: string | null
  provider_updated_at: string | null
  failure_message: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ProcessorChecksTable {
  id: Generated<number>
  kind: 'payment' | 'refund'
  subject_id: number
  checks: Generated<number>
  started_at: Date
  next_check_at: Date
  stop_after: Date
}

export interface ProcessorWebhookDeliveriesTable {
  provider: string
  environment: Environment
  delivery_id: string
  events: number
  received_at: Timestamp
}

export interface ProcessorPaymentChangesTable {
  provider: string
  environment: Environment
  provider_payment_id: string
  status: string
  provider_updated_at: string
  seen_at: Timestamp
}

export interface ProcessorTables {
  processor_payments: ProcessorPaymentsTable
  processor_checks: ProcessorChecksTable
  processor_webhook_deliveries: ProcessorWebhookDeliveriesTable
  processor_payment_changes: ProcessorPaymentChangesTable
}
