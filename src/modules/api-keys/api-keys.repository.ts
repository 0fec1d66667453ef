import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'

export function findActiveKeyByHash(db: Database, keyHash: string) {
  return db
    .selectFrom('api_keys')
    .innerJoin('organizations', 'organizations.id', 'api_keys.organization_id')
    .select([
      'api_keys.id',
      'api_keys.organization_id',
      'api_keys.environment',
      'api_keys.scopes',
      'api_keys.status',
      'api_keys.expires_at',
      'api_keys.last_used_at',
      'organizations.status as organization_status',
    ])
    .where('api_keys.key_hash', '=', keyHash)
    .executeTakeFirst()
}

/** Last-used is informational: written at most once a minute per key to keep the hot path read-only. */
export async function touchKey(db: Database, id: number): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: new Date() })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(Date.now() - 60_000))]))
    .execute()
}

export function insertKey(
  db: Database,
  row: {
    organization_id: number
    environment: Environment
    name: string | null
    prefix: string
    key_hash: string
    scopes: string[]
  },
) {
  return db.insertInto('api_keys').values(row).returningAll().executeTakeFirstOrThrow()
}

export function listKeys(db: Database, organizationId: number) {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('id', 'desc')
    .execute()
}

export function revokeKey(db: Database, organizationId: number, id: number, at: Date) {
  return db
    .updateTable('api_keys')
    .set({ status: 'revoked', revoked_at: at })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

export function expireKeyAt(db: Database, organizationId: number, id: number, at: Date) {
  return db
    .updateTable('api_keys')
    .set({ expires_at: at })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

export function listKeysFiltered(db: Database, organizationId: number, environment: Environment | null) {
  let query = db.selectFrom('api_keys').selectAll().where('organization_id', '=', organizationId)
  if (environment) query = query.where('environment', '=', environment)
  return query.orderBy('id', 'desc').execute()
}

/** Row-locks one key of the organization (rotation and revocation are decided on the locked row). */
export function lockKey(db: Database, organizationId: number, id: number) {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

/** The newest key that still authenticates (active, not past expires_at), optionally in one environment. */
export function findNewestActiveKey(db: Database, organizationId: number, environment: Environment | null, now: Date) {
  let query = db
    .selectFrom('api_keys')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
  if (environment) query = query.where('environment', '=', environment)
  return query.orderBy('id', 'desc').limit(1).executeTakeFirst()
}
