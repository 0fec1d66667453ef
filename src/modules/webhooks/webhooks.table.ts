import type { ColumnType, Generated } from 'kysely'
import type { Environment, Timestamp } from '../../db/types.ts'

export interface WebhookEndpointsTable {
  id: Generated<number>
  public_id: string
  organization_id: number
  environment: Environment
  url: string
  description: string | null
  /** encryptSecret(whsec_…, SECRET_KEY); the plain secret is shown once and never stored. */
  secret_encrypted: string
  enabled: Generated<boolean>
  disabled_reason: string | null
  /** Event types delivered to this endpoint; empty = all. */
  event_types: ColumnType<string[], string[] | undefined, string[]>
  /** Start of the current run of failed attempts; null after any success (the 5-day rule). */
  first_failure_at: Date | null
  created_at: Timestamp
  updated_at: Timestamp
  deleted_at: Date | null
}

export type DeliveryKind = 'automatic' | 'resend' | 'replay' | 'test'
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed'

export interface WebhookDeliveriesTable {
  id: Generated<number>
  /** X-Webhook-Delivery-Id / webhook-id: the same for every automatic retry. */
  delivery_id: Generated<string>
  endpoint_id: number
  event_id: number
  organization_id: number
  environment: Environment
  event_type: string
  kind: Generated<DeliveryKind>
  status: Generated<DeliveryStatus>
  attempts: Generated<number>
  next_attempt_at: Timestamp
  locked_until: Date | null
  locked_by: string | null
  last_status_code: number | null
  last_error: string | null
  created_at: Timestamp
  updated_at: Timestamp
  completed_at: Date | null
}

export interface WebhookAttemptsTable {
  id: Generated<number>
  delivery_id: number
  attempt_number: number
  attempted_at: Date
  status_code: number | null
  duration_ms: number
  error: string | null
  response_body: string | null
  /** What was sent (signatures included); null before migration 16 or when no request was made. */
  request_headers: ColumnType<Record<string, string> | null, string | null | undefined, string | null>
  worker_id: string | null
}

export interface WebhookTables {
  webhook_endpoints: WebhookEndpointsTable
  webhook_deliveries: WebhookDeliveriesTable
  webhook_attempts: WebhookAttemptsTable
}
