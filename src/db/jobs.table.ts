import type { JSONColumnType, Generated } from 'kysely'
import type { Id, Timestamp } from './types.ts'

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

export interface PlatformTables {
  jobs: JobsTable
  kassa_migrations: KassaMigrationsTable
}
