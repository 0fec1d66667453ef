import type { Generated } from 'kysely'
import type { Timestamp } from '../../db/types.ts'

export type EmailStatus = 'pending' | 'sending' | 'sent' | 'stored' | 'failed'

export interface EmailOutboxTable {
  id: Generated<number>
  organization_id: number | null
  to_address: string
  subject: string
  body_text: string
  status: Generated<EmailStatus>
  transport: string | null
  attempts: Generated<number>
  locked_until: Date | null
  last_error: string | null
  created_at: Timestamp
  sent_at: Date | null
}

export interface EmailTables {
  email_outbox: EmailOutboxTable
}
