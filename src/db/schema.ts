// Kysely's `DB`, declared once: the tables each module owns (its `*.table.ts`), composed here.
// Table files import only db/types.ts and lib/, so this file imports them without a cycle.
import type { ApiKeyTables } from '../modules/api-keys/api-keys.table.ts'
import type { AuditTables } from '../modules/audit/audit.table.ts'
import type { AuthTables } from '../modules/auth/auth.table.ts'
import type { CheckoutTables } from '../modules/checkout/checkout.table.ts'
import type { EmailTables } from '../modules/email/email.table.ts'
import type { EventTables } from '../modules/events/events.table.ts'
import type { IdempotencyTables } from '../modules/idempotency/idempotency.table.ts'
import type { LedgerTables } from '../modules/ledger/ledger.table.ts'
import type { OrganizationTables } from '../modules/organizations/organizations.table.ts'
import type { PaymentLinkTables } from '../modules/payment-links/payment-links.table.ts'
import type { ProcessorTables } from '../modules/checkout/processor-payments.table.ts'
import type { PaymentTables } from '../modules/payments/payments.table.ts'
import type { ProductTables } from '../modules/products/products.table.ts'
import type { RateTables } from '../modules/rates/rates.table.ts'
import type { RefundTables } from '../modules/refunds/refunds.table.ts'
import type { SubscriptionTables } from '../modules/subscriptions/subscriptions.table.ts'
import type { WebhookTables } from '../modules/webhooks/webhooks.table.ts'
import type { PlatformTables } from './jobs.table.ts'

export interface DB
  extends PlatformTables,
    OrganizationTables,
    AuthTables,
    ApiKeyTables,
    ProductTables,
    RateTables,
    CheckoutTables,
    PaymentTables,
    EventTables,
    IdempotencyTables,
    LedgerTables,
    RefundTables,
    WebhookTables,
    EmailTables,
    AuditTables,
    PaymentLinkTables,
    ProcessorTables,
    SubscriptionTables {}

// Row types, re-exported for code that needs a table's shape; each is declared by its module.
export type { Environment, LineItem, RefundStatus } from './types.ts'
export type { OrganizationsTable } from '../modules/organizations/organizations.table.ts'
export type { UsersTable } from '../modules/auth/auth.table.ts'
export type { ApiKeysTable } from '../modules/api-keys/api-keys.table.ts'
export type { ProductsTable, ProductPricesTable } from '../modules/products/products.table.ts'
export type { FxRatesTable, TaxRatesTable } from '../modules/rates/rates.table.ts'
export type { CheckoutSessionsTable } from '../modules/checkout/checkout.table.ts'
export type {
  DepositAttemptsTable,
  PaymentStatus,
  TransactionProduct,
  TransactionsTable,
} from '../modules/payments/payments.table.ts'
export type { IdempotencyKeysTable } from '../modules/idempotency/idempotency.table.ts'
export type { EventsTable } from '../modules/events/events.table.ts'
export type { JobsTable, KassaMigrationsTable } from './jobs.table.ts'
