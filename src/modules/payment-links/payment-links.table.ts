import type { Generated, JSONColumnType } from 'kysely'
import type { Environment, LineItem, Timestamp } from '../../db/types.ts'

export interface PaymentLinksTable {
  id: Generated<number>
  uuid: string
  organization_id: number
  environment: Environment
  name: string
  currency: 'USD' | 'EUR'
  pricing_mode: 'TAX_EXCLUSIVE' | 'TAX_INCLUSIVE'
  /** The products and prices at creation; later catalog changes never touch it. */
  line_items: JSONColumnType<LineItem[], string, string>
  subtotal_minor: number
  max_uses: number | null
  paid_count: Generated<number>
  is_active: Generated<boolean>
  expires_at: Date | null
  metadata: JSONColumnType<Record<string, unknown>, string | undefined, string>
  created_by_user_id: number | null
  deleted_at: Date | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface RefundVerificationCodesTable {
  id: Generated<number>
  user_id: number
  organization_id: number
  /** SHA-256 of the 6-digit code; the code itself only travels by email. */
  code_hash: string
  attempts: Generated<number>
  expires_at: Date
  used_at: Date | null
  created_at: Timestamp
}

export interface PaymentLinkTables {
  payment_links: PaymentLinksTable
  refund_verification_codes: RefundVerificationCodesTable
}
