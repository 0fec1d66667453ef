// Response shapes come from the server's TypeBox schemas (type-only imports, erased from the bundle),
// so a change to the API contract fails `tsc` here instead of at run time.
import type { Static } from '@sinclair/typebox'
import type { LoginResult, Me, SessionToken } from '../../../src/modules/auth/auth.schemas.ts'
import type { Dashboard, Organization } from '../../../src/modules/organizations/organization.schemas.ts'
import type { ApiKeyMetadata, ApiKeyWithSecret, ApiKeyRotated } from '../../../src/modules/api-keys/api-keys.schemas.ts'
import type { Product } from '../../../src/modules/products/products.schemas.ts'
import type { DepositAttempt } from '../../../src/modules/transactions/transactions.schemas.ts'
import type { Refund } from '../../../src/modules/refunds/refunds.schemas.ts'

export type LoginResult = Static<typeof LoginResult>
export type SessionToken = Static<typeof SessionToken>
export type Me = Static<typeof Me>
export type OverviewData = Static<typeof Dashboard>
export type Organization = Static<typeof Organization>
export type ApiKey = Static<typeof ApiKeyMetadata>
export type ApiKeyWithSecret = Static<typeof ApiKeyWithSecret>
export type ApiKeyRotated = Static<typeof ApiKeyRotated>
export type Product = Static<typeof Product>
export type Environment = 'sandbox' | 'production'

export const API_KEY_SCOPES = ['checkout:create', 'payments:read', 'payments:write', 'refunds:read', 'refunds:write'] as const

/** GET /api/payments/ (dashboard payments; present once that module is deployed). Written by hand: the module may be absent. */
export interface PaymentSummary {
  id: string
  order_id: string
  environment: Environment
  status: string
  currency: string
  amount: string
  gross_amount: string
  fee_amount: string
  tax_amount: string
  amount_refunded: string
  payer_email: string
  card: { brand: string | null; last4: string } | null
  paid_at: string | null
  created_at: string
}

export interface PaymentDetail extends PaymentSummary {
  products: Array<{ id: string | null; name: string; quantity: number; unit_price: string }>
  billing: { first_name: string; last_name: string; email: string; country: string; postal_code: string | null }
  attempts: Array<Static<typeof DepositAttempt>>
  refunds: Array<Static<typeof Refund>>
}

/** GET /api/organization/webhooks/ (webhooks configuration module; may be absent). */
export interface WebhookEndpoint {
  id: string
  url: string
  description: string | null
  environment: Environment
  enabled: boolean
  disabled_reason: string | null
  event_types: string[]
  created_at: string
}

export interface WebhookDelivery {
  delivery_id: string
  endpoint_id: string
  event_id: string
  event_type: string
  kind: string
  status: 'pending' | 'succeeded' | 'failed'
  attempts: number
  last_status_code: number | null
  last_error: string | null
  created_at: string
}

/** GET /api/payment-links/ (payment links module; may be absent). */
export interface PaymentLink {
  id: string
  url: string
  name: string
  environment: Environment
  currency: string
  products: Array<{ product_id: string | null; name: string; quantity: number; unit_price: string; amount: string }>
  total: string
  max_uses: number | null
  is_active: boolean
  status: string
  paid_count: number
  revenue: string
  created_at: string
}
