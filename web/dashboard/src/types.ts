// Response shapes come from the server's TypeBox schemas (type-only imports, erased from the bundle),
// so a change to the API contract fails `tsc` here instead of at run time.
import type { Static } from '@sinclair/typebox'
import type {
  Invitation as InvitationSchema,
  InvitationAccepted as InvitationAcceptedSchema,
  InvitationPreview as InvitationPreviewSchema,
  LoginResult,
  Me,
  OrgUser as OrgUserSchema,
  SessionInfo as SessionInfoSchema,
  SessionToken,
  TwoFactorEnabled as TwoFactorEnabledSchema,
  TwoFactorSetup as TwoFactorSetupSchema,
} from '../../../src/modules/accounts/accounts.schemas.ts'
import type { Dashboard, Organization } from '../../../src/modules/organizations/organizations.schemas.ts'
import type { ApiKeyMetadata, ApiKeyWithSecret, ApiKeyRotated } from '../../../src/modules/api-keys/api-keys.schemas.ts'
import type { Product } from '../../../src/modules/products/products.schemas.ts'
import type { PaymentDetail, PaymentSummary } from '../../../src/modules/payments/payments.schemas.ts'
import type { WebhookEndpoint, WebhookDelivery } from '../../../src/modules/webhooks/webhooks.schemas.ts'
import type { WebhookEndpointWithSecret } from '../../../src/modules/webhooks/webhooks.dashboard.schemas.ts'
import type { PaymentLink } from '../../../src/modules/payment-links/payment-links.schemas.ts'
import type { Stats } from '../../../src/modules/stats/stats.schemas.ts'
import type { Refund, RefundCreated } from '../../../src/modules/refunds/refunds.schemas.ts'
import type {
  ChangePreview as ChangePreviewSchema,
  Subscription as SubscriptionSchema,
  SubscriptionCharge as SubscriptionChargeSchema,
  TestClock as TestClockSchema,
} from '../../../src/modules/subscriptions/subscriptions.schemas.ts'
import type {
  Customer as CustomerSchema,
  CustomerDetail as CustomerDetailSchema,
  SubscriptionChange as SubscriptionChangeSchema,
} from '../../../src/modules/subscriptions/customers.schemas.ts'
import type { AuditEntry as AuditEntrySchema } from '../../../src/modules/audit/audit.dashboard.routes.ts'

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

export const API_KEY_SCOPES = [
  'checkout:create',
  'payments:read',
  'payments:write',
  'refunds:read',
  'refunds:write',
] as const

export type PaymentSummary = Static<typeof PaymentSummary>
export type PaymentDetail = Static<typeof PaymentDetail>
export type WebhookEndpoint = Static<typeof WebhookEndpoint>
export type WebhookEndpointCreated = Static<typeof WebhookEndpointWithSecret>
export type WebhookDelivery = Static<typeof WebhookDelivery>
export type PaymentLink = Static<typeof PaymentLink>
export type Refund = Static<typeof Refund>
export type RefundCreated = Static<typeof RefundCreated>

export type SessionInfo = Static<typeof SessionInfoSchema>
export type TwoFactorSetup = Static<typeof TwoFactorSetupSchema>
export type TwoFactorEnabled = Static<typeof TwoFactorEnabledSchema>
export type OrganizationStats = Static<typeof Stats>
export type Invitation = Static<typeof InvitationSchema>
export type InvitationPreview = Static<typeof InvitationPreviewSchema>
export type InvitationAccepted = Static<typeof InvitationAcceptedSchema>
export type OrgUser = Static<typeof OrgUserSchema>

export type Subscription = Static<typeof SubscriptionSchema>
export type SubscriptionCharge = Static<typeof SubscriptionChargeSchema>
export type ChangePreview = Static<typeof ChangePreviewSchema>
export type TestClock = Static<typeof TestClockSchema>
export type SubscriptionChange = Static<typeof SubscriptionChangeSchema>
export type Customer = Static<typeof CustomerSchema>
export type CustomerDetail = Static<typeof CustomerDetailSchema>
export type AuditEntry = Static<typeof AuditEntrySchema>
