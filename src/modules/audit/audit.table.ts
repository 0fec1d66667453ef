import type { Generated, JSONColumnType } from 'kysely'
import type { Timestamp } from '../../db/types.ts'

export interface AuditLogTable {
  id: Generated<number>
  organization_id: number
  actor_user_id: number | null
  actor_email: string | null
  action: string
  target_type: string
  target_id: string | null
  ip: string | null
  before: JSONColumnType<Record<string, unknown> | null, string | null, string | null>
  after: JSONColumnType<Record<string, unknown> | null, string | null, string | null>
  created_at: Timestamp
}

export interface AuditTables {
  audit_log: AuditLogTable
}
