import type { ColumnType, Generated, JSONColumnType } from 'kysely'
import type { HostedCheckoutSessionColumns } from '../modules/hosted-checkout/hosted-checkout.table.ts'
import type { LedgerTables } from '../modules/ledger/ledger.table.ts'
import type { RefundTables } from '../modules/refunds/refunds.table.ts'
import type { WebhookTables } from '../modules/webhooks/webhooks.table.ts'
import type { AuthTables } from '../modules/auth/auth.table.ts'
import type { EmailTables } from '../modules/email/email.table.ts'
import type { AuditTables } from '../modules/audit/audit.table.ts'
import type { PaymentLinkTables } from '../modules/payment-links/payment-links.table.ts'
import type { ProcessorTables } from '../modules/checkout/processor-payments.table.ts'

// Kysely table types. Each capability adds its own tables in its folder's `*.table.ts` and merges them into DB below.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type Id = Generated<number>
export type Environment = 'sandbox' | 'production'

export interface OrganizationsTable {
  id: Id
  name: string
  website: string | null
  contact_email: string | null
  telegram: string | null
  price_mode: 'HT' | 'TTC'
  adhoc_products_enabled: Generated<boolean>
  min_payment_minor: Generated<number>
  max_payment_minor: Generated<number>
  fee_percent_bp: Generated<number>
  fee_fixed_minor: Generated<number>
  rolling_reserve_percent_bp: Generated<number>
  rolling_reserve_days: Generated<number>
  status: Generated<'active' | 'suspended'>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface UsersTable {
  id: Id
  organization_id: number
  email: string
  password_hash: string
  role: Generated<'owner' | 'admin' | 'developer' | 'viewer'>
  /** TOTP secrets are encrypted with SECRET_KEY (lib/crypto encryptSecret); pending until confirmed by a code. */
  totp_secret: Generated<string | null>
  totp_pending_secret: Generated<string | null>
  totp_enabled_at: Generated<Date | null>
  /** Last accepted TOTP time step: a code is never accepted twice. */
  totp_last_step: Generated<number | null>
  password_changed_at: Generated<Date | null>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ApiKeysTable {
  id: Id
  organization_id: number
  environment: Environment
  name: string | null
  prefix: string
  key_hash: string
  scopes: ColumnType<string[], string[] | undefined, string[]>
  status: Generated<'active' | 'revoked'>
  expires_at: Date | null
  last_used_at: Date | null
  created_at: Timestamp
  revoked_at: Date | null
}

export interface ProductsTable {
  id: Id
  public_id: string
  organization_id: number
  name: string
  description: string | null
  status: Generated<'active' | 'archived'>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ProductPricesTable {
  product_id: number
  currency: string
  amount_minor: number
  recurring_interval: string | null
}

export interface LineItem {
  product_id: string | null
  name: string
  quantity: number
  unit_amount_minor: number
  amount_minor: number
}

export interface CheckoutSessionsTable extends HostedCheckoutSessionColumns {
  id: Id
  public_id: string
  organization_id: number
  environment: Environment
  status: Generated<'open' | 'complete' | 'failed' | 'canceled' | 'expired'>
  currency: string
  line_items: JSONColumnType<LineItem[], string, string>
  pricing_mode: 'TAX_EXCLUSIVE' | 'TAX_INCLUSIVE'
  tax_rate_bp: number
  subtotal_minor: number
  tax_minor: number
  total_minor: number
  billing_country: string
  billing_postal_code: string | null
  billing_first_name: string
  billing_last_name: string
  billing_email: string
  billing_phone: string | null
  success_url: string | null
  failed_url: string | null
  cancel_url: string | null
  sandbox_simulate: string | null
  failed_attempts: Generated<number>
  payment_link_id: number | null
  expires_at: Date
  created_at: Timestamp
  updated_at: Timestamp
}

export type PaymentStatus =
  | 'processing'
  | 'paid'
  | 'failed'
  | 'canceled'
  | 'refund_pending'
  | 'partially_refunded'
  | 'refunded'

export interface TransactionProduct {
  id: string | null
  name: string
  quantity: number
  unit_amount_minor: number
}

export interface TransactionsTable {
  id: Id
  public_id: string
  organization_id: number
  environment: Environment
  checkout_session_id: number
  order_id: string
  status: Generated<PaymentStatus>
  status_before_refund: string | null
  cancel_reason: string | null
  currency: string
  gross_amount_minor: number
  tax_amount_minor: number
  fee_amount_minor: number
  net_amount_minor: number
  amount_refunded_minor: Generated<number>
  fx_rate_usd: string
  amount_usd_minor: number
  payer_email: string
  products: JSONColumnType<TransactionProduct[], string, string>
  deposit_status: Generated<'none' | 'pending' | 'succeeded'>
  provider: Generated<string>
  provider_payment_id: string | null
  card_brand: string | null
  card_last4: string | null
  card_exp_month: number | null
  card_exp_year: number | null
  paid_at: Date | null
  deposit_settled_at: Date | null
  /** Why the payment needs a person to look at it (processor amount or currency mismatch); null: fine. */
  review_reason: ColumnType<string | null, string | null | undefined, string | null>
  review_flagged_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface DepositAttemptsTable {
  id: Id
  transaction_id: number
  status: 'succeeded' | 'requires_payment_method' | 'requires_action' | 'processing' | 'failed'
  payment_id: string
  error_message: string | null
  payment_method: Generated<string>
  card_brand: string | null
  card_last4: string | null
  attempted_at: Timestamp
}

export interface FxRatesTable {
  from_currency: string
  to_currency: string
  rate: string
  updated_at: Timestamp
}

export interface TaxRatesTable {
  country: string
  rate_bp: number
  source: string
  updated_at: Timestamp
}

export interface IdempotencyKeysTable {
  id: Id
  scope: string
  key: string
  request_hash: string
  state: Generated<'in_flight' | 'done'>
  response_status: number | null
  response_body: string | null
  created_at: Timestamp
  expires_at: Date
}

export interface EventsTable {
  id: Id
  public_id: string
  organization_id: number
  environment: Environment
  type: string
  subject_id: string | null
  payload: JSONColumnType<Record<string, unknown>, string, string>
  created_at: Timestamp
}

export interface JobsTable {
  id: Id
  queue: string
  payload: JSONColumnType<Record<string, unknown>, string | undefined, string>
  run_at: Timestamp
  attempts: Generated<number>
  max_attempts: Generated<number>
  locked_until: Date | null
  locked_by: string | null
  last_error: string | null
  singleton_key: string | null
  created_at: Timestamp
}

export interface KassaMigrationsTable {
  version: number
  name: string
  applied_at: Timestamp
}

export interface CoreTables {
  organizations: OrganizationsTable
  users: UsersTable
  api_keys: ApiKeysTable
  products: ProductsTable
  product_prices: ProductPricesTable
  checkout_sessions: CheckoutSessionsTable
  transactions: TransactionsTable
  deposit_attempts: DepositAttemptsTable
  fx_rates: FxRatesTable
  tax_rates: TaxRatesTable
  idempotency_keys: IdempotencyKeysTable
  events: EventsTable
  jobs: JobsTable
  kassa_migrations: KassaMigrationsTable
}

// Capabilities extend this list with their own table interfaces.
export interface DB extends CoreTables, LedgerTables, RefundTables {}
export interface DB extends CoreTables, WebhookTables {}
export interface DB extends CoreTables, AuthTables, EmailTables, AuditTables {}
export interface DB extends CoreTables, PaymentLinkTables {}
export interface DB extends CoreTables, ProcessorTables {}
