import type { Insertable, Updateable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'
import type { WebhookEndpointsTable } from './webhooks.table.ts'

export type TenantScope = { organizationId: number; environment: Environment }
export type EndpointLookup = { numeric: number } | { public: string }

export function insertEndpoint(db: Database, values: Insertable<WebhookEndpointsTable>) {
  return db.insertInto('webhook_endpoints').values(values).returningAll().executeTakeFirstOrThrow()
}

function scoped(db: Database, scope: TenantScope) {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
    .where('deleted_at', 'is', null)
}

export function findEndpoint(db: Database, scope: TenantScope, id: EndpointLookup) {
  const query = scoped(db, scope)
  return (
    'numeric' in id ? query.where('id', '=', id.numeric) : query.where('public_id', '=', id.public)
  ).executeTakeFirst()
}

export function listEndpoints(db: Database, scope: TenantScope) {
  return scoped(db, scope).orderBy('id').execute()
}

export function listEnabledEndpoints(db: Database, scope: TenantScope) {
  return scoped(db, scope).where('enabled', '=', true).orderBy('id').execute()
}

export function updateEndpoint(
  db: Database,
  scope: TenantScope,
  id: number,
  values: Updateable<WebhookEndpointsTable>,
) {
  return db
    .updateTable('webhook_endpoints')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** Starts the failure run unless one is already running; returns when it started. */
export async function markEndpointFailing(db: Database, id: number, now: Date) {
  const row = await db
    .updateTable('webhook_endpoints')
    .set((eb) => ({ first_failure_at: eb.fn.coalesce('first_failure_at', eb.val(now)) }))
    .where('id', '=', id)
    .returning(['first_failure_at'])
    .executeTakeFirst()
  return row?.first_failure_at ?? null
}

export async function markEndpointHealthy(db: Database, id: number) {
  await db
    .updateTable('webhook_endpoints')
    .set({ first_failure_at: null })
    .where('id', '=', id)
    .where('first_failure_at', 'is not', null)
    .execute()
}

/** Compare-and-set: true only for the caller that actually disabled it (one event per disable). */
export async function disableEndpointIfEnabled(db: Database, id: number, reason: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('webhook_endpoints')
    .set({ enabled: false, disabled_reason: reason, updated_at: now })
    .where('id', '=', id)
    .where('enabled', '=', true)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export function findEndpointById(db: Database, id: number) {
  return db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst()
}
