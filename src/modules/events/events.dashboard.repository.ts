import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'
import { COUNT_BOUND } from '../../lib/paging.ts'

export interface EventScope {
  organizationId: number
  environment: Environment
}

const transactionId = sql<
  string | null
>`coalesce(payload->>'transaction_id', case when subject_id like 'TX%' then subject_id end)`

/** One page, newest first (events_org_idx), and a count bounded at COUNT_BOUND + 1 rows. */
export async function listEvents(
  db: Database,
  scope: EventScope,
  filter: { type?: string },
  page: { limit: number; offset: number },
) {
  let base = db
    .selectFrom('events')
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
  if (filter.type) base = base.where('type', '=', filter.type)
  const [rows, count] = await Promise.all([
    base
      .select([
        'id',
        'public_id',
        'type',
        'environment',
        'subject_id',
        'created_at',
        transactionId.as('transaction_id'),
      ])
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom(
        base
          .select('id')
          .limit(COUNT_BOUND + 1)
          .as('matching'),
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { rows, counted: Number(count.n) }
}

export function findEvent(db: Database, scope: EventScope, publicId: string) {
  return db
    .selectFrom('events')
    .select([
      'id',
      'public_id',
      'type',
      'environment',
      'subject_id',
      'created_at',
      'payload',
      transactionId.as('transaction_id'),
    ])
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
    .where('public_id', '=', publicId)
    .executeTakeFirst()
}

/** The webhook deliveries made of one event, newest first, with their endpoint (deleted ones included). */
export function listEventDeliveries(db: Database, scope: EventScope, eventRowId: number) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select([
      'd.delivery_id',
      'd.kind',
      'd.status',
      'd.attempts',
      'd.last_status_code',
      'd.last_error',
      'd.created_at',
      'e.public_id as endpoint_public_id',
      'e.url as endpoint_url',
    ])
    .where('d.organization_id', '=', scope.organizationId)
    .where('d.environment', '=', scope.environment)
    .where('d.event_id', '=', eventRowId)
    .orderBy('d.id', 'desc')
    .limit(100)
    .execute()
}
