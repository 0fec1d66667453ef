import type { JSONColumnType } from 'kysely'
import type { Environment, Id, Timestamp } from '../../db/types.ts'

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

export interface EventTables {
  events: EventsTable
}
