import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { TenantScope } from './endpoints.repository.ts'
import type { DeliveryKind } from './webhooks.table.ts'

/** Everything one attempt needs, read in the claiming statement so the HTTP call needs no more SQL. */
export interface ClaimedDelivery {
  id: number
  delivery_id: string
  endpoint_id: number
  event_type: string
  attempts: number
  /** When this attempt was due (for the delivery-lag metric). */
  next_attempt_at: Date
  url: string
  secret_encrypted: string
  payload: unknown
}

/**
 * Leases due deliveries of enabled endpoints with FOR UPDATE SKIP LOCKED: workers never wait on
 * each other, and a row whose lease expired (its worker died mid-flight) is due again. The attempt
 * counter moves at claim time, so a delivery that crashes its worker still runs out of attempts.
 * `onlyIds` claims specific rows (the CLI's immediate test send).
 */
export async function claimDeliveries(
  db: Database,
  workerId: string,
  now: Date,
  limit: number,
  leaseMs: number,
  onlyIds?: number[],
): Promise<ClaimedDelivery[]> {
  if (onlyIds && onlyIds.length === 0) return []
  const leaseUntil = new Date(now.getTime() + leaseMs)
  const result = await sql<ClaimedDelivery>`
    with due as (
      select d.id from webhook_deliveries d
      join webhook_endpoints e on e.id = d.endpoint_id
      -- greatest(): new deliveries are stamped with the database clock (the trigger), retries with
      -- ours; an app clock running behind the database's must not hold fresh deliveries back.
      where d.status = 'pending' and d.next_attempt_at <= greatest(${now}::timestamptz, now())
        and (d.locked_until is null or d.locked_until < ${now})
        and e.enabled and e.deleted_at is null
        ${onlyIds ? sql`and d.id in (${sql.join(onlyIds)})` : sql``}
      order by d.next_attempt_at, d.id
      limit ${limit}
      for update of d skip locked
    ), claimed as (
      update webhook_deliveries d
      set locked_until = ${leaseUntil}, locked_by = ${workerId}, attempts = d.attempts + 1, updated_at = ${now}
      from due where d.id = due.id
      returning d.id, d.delivery_id, d.endpoint_id, d.event_id, d.event_type, d.attempts, d.next_attempt_at
    )
    select c.id, c.delivery_id, c.endpoint_id, c.event_type, c.attempts, c.next_attempt_at, e.url, e.secret_encrypted, ev.payload
    from claimed c
    join webhook_endpoints e on e.id = c.endpoint_id
    join events ev on ev.id = c.event_id
    order by c.id`.execute(db)
  return result.rows
}

export interface AttemptRecord {
  deliveryId: number
  attemptNumber: number
  attemptedAt: Date
  statusCode: number | null
  durationMs: number
  error: string | null
  responseBody: string | null
  /** The headers sent (null when no request was made). */
  requestHeaders: Record<string, string> | null
  workerId: string
}

/**
 * The success path, many deliveries in one statement (the hot path of throughput: one commit for a
 * batch instead of one per delivery): log each attempt, settle each delivery while the lease is
 * still ours, and end the endpoints' failure runs.
 */
export async function recordSuccesses(
  db: Database,
  batch: { attempt: AttemptRecord; endpointId: number }[],
  now: Date,
) {
  if (batch.length === 0) return
  const rows = sql.join(
    batch.map(
      ({ attempt: a, endpointId }) =>
        sql`(${a.deliveryId}::bigint, ${endpointId}::bigint, ${a.attemptNumber}::int, ${a.attemptedAt}::timestamptz, ${a.statusCode}::int, ${a.durationMs}::int, ${a.responseBody}::text, ${a.requestHeaders === null ? null : JSON.stringify(a.requestHeaders)}::jsonb, ${a.workerId}::text)`,
    ),
  )
  await sql`
    with input (delivery_id, endpoint_id, attempt_number, attempted_at, status_code, duration_ms, response_body, request_headers, worker_id) as (values ${rows}),
    settled as (
      update webhook_deliveries d
      set status = 'succeeded', locked_until = null, locked_by = null, last_status_code = i.status_code,
          last_error = null, updated_at = ${now}, completed_at = ${now}
      from input i
      where d.id = i.delivery_id and d.locked_by = i.worker_id
      returning d.id
    ), healthy as (
      update webhook_endpoints set first_failure_at = null
      where id in (select endpoint_id from input) and first_failure_at is not null
      returning id
    )
    insert into webhook_attempts (delivery_id, attempt_number, attempted_at, status_code, duration_ms, error, response_body, request_headers, worker_id)
    select delivery_id, attempt_number, attempted_at, status_code, duration_ms, null, response_body, request_headers, worker_id from input`.execute(
    db,
  )
}

export async function insertAttempt(db: Database, a: AttemptRecord) {
  await db
    .insertInto('webhook_attempts')
    .values({
      delivery_id: a.deliveryId,
      attempt_number: a.attemptNumber,
      attempted_at: a.attemptedAt,
      status_code: a.statusCode,
      duration_ms: a.durationMs,
      error: a.error,
      response_body: a.responseBody,
      request_headers: a.requestHeaders === null ? null : JSON.stringify(a.requestHeaders),
      worker_id: a.workerId,
    })
    .execute()
}

/**
 * Settles the delivery after an attempt; only while this worker still holds the lease, so a worker
 * that overran its lease cannot overwrite the outcome of the one that took over.
 */
export async function settleDelivery(
  db: Database,
  id: number,
  workerId: string,
  outcome: {
    status: 'pending' | 'succeeded' | 'failed'
    nextAttemptAt?: Date
    statusCode: number | null
    error: string | null
    now: Date
  },
): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({
      status: outcome.status,
      next_attempt_at: outcome.nextAttemptAt ?? outcome.now,
      locked_until: null,
      locked_by: null,
      last_status_code: outcome.statusCode,
      last_error: outcome.error,
      updated_at: outcome.now,
      completed_at: outcome.status === 'pending' ? null : outcome.now,
    })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export function insertManualDeliveries(
  db: Database,
  rows: { endpointId: number; eventId: number; scope: TenantScope; eventType: string; kind: DeliveryKind; now: Date }[],
) {
  if (rows.length === 0) return Promise.resolve([])
  return db
    .insertInto('webhook_deliveries')
    .values(
      rows.map((r) => ({
        endpoint_id: r.endpointId,
        event_id: r.eventId,
        organization_id: r.scope.organizationId,
        environment: r.scope.environment,
        event_type: r.eventType,
        kind: r.kind,
        next_attempt_at: r.now,
      })),
    )
    .returningAll()
    .execute()
}

export async function notifyDeliveryWorkers(db: Database) {
  await sql`select pg_notify('kassa_webhooks', '')`.execute(db)
}

export function findEventByPublicId(db: Database, scope: TenantScope, publicId: string) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
    .where('public_id', '=', publicId)
    .executeTakeFirst()
}

export function findLatestEventForSubject(db: Database, scope: TenantScope, type: string, subjectId: string) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
    .where('type', '=', type)
    .where('subject_id', '=', subjectId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export function listDeliveries(
  db: Database,
  scope: TenantScope,
  filter: { endpointId?: number; limit: number; beforeId?: number; subjectId?: string },
) {
  let query = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .innerJoin('events as ev', 'ev.id', 'd.event_id')
    .select([
      'd.id',
      'd.delivery_id',
      'd.event_type',
      'd.kind',
      'd.status',
      'd.attempts',
      'd.next_attempt_at',
      'd.last_status_code',
      'd.last_error',
      'd.created_at',
      'd.completed_at',
      'e.public_id as endpoint_public_id',
      'ev.public_id as event_public_id',
    ])
    .where('d.organization_id', '=', scope.organizationId)
    .where('d.environment', '=', scope.environment)
  if (filter.endpointId !== undefined) query = query.where('d.endpoint_id', '=', filter.endpointId)
  if (filter.beforeId !== undefined) query = query.where('d.id', '<', filter.beforeId)
  if (filter.subjectId !== undefined) query = query.where('ev.subject_id', '=', filter.subjectId)
  return query.orderBy('d.id', 'desc').limit(filter.limit).execute()
}

export function findDelivery(db: Database, scope: TenantScope, deliveryId: string) {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst()
}

/** A delivery with the public ids of its endpoint and event (the delivery detail). */
export function findDeliveryWithIds(db: Database, scope: TenantScope, deliveryId: string) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .innerJoin('events as ev', 'ev.id', 'd.event_id')
    .selectAll('d')
    .select(['e.public_id as endpoint_public_id', 'ev.public_id as event_public_id'])
    .where('d.organization_id', '=', scope.organizationId)
    .where('d.environment', '=', scope.environment)
    .where('d.delivery_id', '=', deliveryId)
    .executeTakeFirst()
}

export function listAttempts(db: Database, deliveryRowId: number) {
  return db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', deliveryRowId).orderBy('id').execute()
}

/** The first attempt of each delivery that has one (the attempt log; any worker may have made it). */
export function findFirstAttempts(db: Database, deliveryRowIds: number[]) {
  if (deliveryRowIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('webhook_attempts')
    .select(['delivery_id', 'status_code', 'error'])
    .where('delivery_id', 'in', deliveryRowIds)
    .where('attempt_number', '=', 1)
    .execute()
}
