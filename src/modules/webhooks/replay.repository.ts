import type { Database } from '../../db/database.ts'
import type { TenantScope } from './endpoints.repository.ts'

/**
 * Events of [from, to) of the given types (every type when `types` is null), oldest first, without
 * webhook.test (only ever sent where its sender points it). At most `limit` rows (events_created_idx).
 */
export function listEventsInRange(
  db: Database,
  scope: TenantScope,
  range: { from: Date; to: Date; types: string[] | null; limit: number },
) {
  let query = db
    .selectFrom('events')
    .select(['id', 'public_id', 'type'])
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to)
    .where('type', '<>', 'webhook.test')
  if (range.types) query = query.where('type', 'in', range.types)
  return query.orderBy('created_at').orderBy('id').limit(range.limit).execute()
}
