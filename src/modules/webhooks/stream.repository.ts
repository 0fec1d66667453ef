import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { TenantScope } from './endpoints.repository.ts'

/**
 * Events of one scope recorded after `afterId`, looking back `lookbackMs` by time: an identity value
 * can commit after a larger one, so the caller dedupes on id instead of trusting a max-id cursor.
 */
export function recentEvents(db: Database, scope: TenantScope, afterId: number, lookbackMs: number) {
  return db
    .selectFrom('events')
    .select(['id', 'public_id', 'type', 'payload', 'created_at'])
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
    .where('id', '>', afterId)
    .where('created_at', '>', sql<Date>`now() - make_interval(secs => ${lookbackMs / 1000})`)
    .orderBy('id')
    .limit(500)
    .execute()
}

export async function maxEventId(db: Database): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst()
  return Number(row?.max ?? 0)
}
