import type { ColumnType, Generated } from 'kysely'
import type { Environment, Id, Timestamp } from '../../db/types.ts'

export interface ApiKeysTable {
  id: Id
  organization_id: number
  environment: Environment
  name: string | null
  prefix: string
  key_hash: string
  scopes: ColumnType<string[], string[] | undefined, string[]>
  status: Generated<'active' | 'revoked'>
  expires_at: Date | null
  last_used_at: Date | null
  created_at: Timestamp
  revoked_at: Date | null
}

export interface ApiKeyTables {
  api_keys: ApiKeysTable
}
