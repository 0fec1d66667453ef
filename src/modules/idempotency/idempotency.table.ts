import type { Generated } from 'kysely'
import type { Id, Timestamp } from '../../db/types.ts'

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

export interface IdempotencyTables {
  idempotency_keys: IdempotencyKeysTable
}
