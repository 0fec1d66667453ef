import type { ColumnType, Generated, JSONColumnType } from 'kysely'
import type { Environment, Id, LineItem, Timestamp } from '../../db/types.ts'

/** Card summary kept while a 3-D Secure challenge is pending: never the number or the CVC. */
export interface ChallengeCard {
  brand: string
  last4: string
  expMonth: number
  expYear: number
}

/** The `checkout_sessions` table, whole: the session created by the API and the hosted pay flow's lease. */
export interface CheckoutSessionsTable {
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
  // Added by migration 0002 for the hosted pay flow.
  /** Owner of the attempt lease: the provider call in flight for this session. */
  attempt_reference: ColumnType<string | null, string | null | undefined, string | null>
  attempt_lease_until: ColumnType<Date | null, Date | null | undefined, Date | null>
  challenge_payment_id: ColumnType<string | null, string | null | undefined, string | null>
  challenge_card: ColumnType<ChallengeCard | null, string | null | undefined, string | null>
  // Added by migration 0010: the subscription an off-session charge's session belongs to.
  subscription_id: ColumnType<number | null, number | null | undefined, number | null>
}

export interface CheckoutTables {
  checkout_sessions: CheckoutSessionsTable
}
