import type { ColumnType } from 'kysely'

/** Card summary kept while a 3-D Secure challenge is pending: never the number or the CVC. */
export interface ChallengeCard {
  brand: string
  last4: string
  expMonth: number
  expYear: number
}

/** Columns migration 0002 adds to checkout_sessions. */
export interface HostedCheckoutSessionColumns {
  /** Owner of the attempt lease: the provider call in flight for this session. */
  attempt_reference: ColumnType<string | null, string | null | undefined, string | null>
  attempt_lease_until: ColumnType<Date | null, Date | null | undefined, Date | null>
  challenge_payment_id: ColumnType<string | null, string | null | undefined, string | null>
  challenge_card: ColumnType<ChallengeCard | null, string | null | undefined, string | null>
}
