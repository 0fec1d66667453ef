import type { AppContext } from '../../context.ts'
import { parseLookupId } from '../../lib/ids.ts'
import { AppError, FieldErrors, notFound, validationError } from '../../lib/errors.ts'
import { insertEvent } from '../events/index.ts'
import { findTransaction, recordTransactionChanged } from '../payments/index.ts'
import * as repo from './deliveries.repository.ts'
import { listEnabledEndpoints } from './endpoints.repository.ts'
import { requireEndpoint, type TenantScope } from './endpoints.service.ts'
import type { DeliveryKind } from './webhooks.table.ts'

export const REPLAY_WINDOW_DAYS = 30
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

type DeliveryRow = Awaited<ReturnType<typeof repo.insertManualDeliveries>>[number]

function serializeQueued(row: DeliveryRow, endpointPublicId: string, eventPublicId: string) {
  return {
    delivery_id: row.delivery_id,
    endpoint_id: endpointPublicId,
    event_id: eventPublicId,
    event_type: row.event_type,
    kind: row.kind,
    status: row.status,
  }
}

/** Endpoints a manual send goes to: the one named, or every enabled endpoint of the scope. */
async function targets(ctx: AppContext, scope: TenantScope, endpointId: string | number | undefined) {
  if (endpointId !== undefined) {
    const endpoint = await requireEndpoint(ctx, scope, endpointId)
    if (!endpoint.enabled)
      throw new AppError('webhook_endpoint_disabled', 'This webhook endpoint is disabled; enable it first.')
    return [endpoint]
  }
  const endpoints = await listEnabledEndpoints(ctx.db, scope)
  if (endpoints.length === 0)
    throw new AppError('no_webhook_endpoints', `No enabled webhook endpoint is configured for ${scope.environment}.`)
  return endpoints
}

async function queue(
  ctx: AppContext,
  scope: TenantScope,
  event: { id: number; public_id: string; type: string },
  endpoints: { id: number; public_id: string }[],
  kind: DeliveryKind,
) {
  const now = ctx.clock.now()
  const rows = await repo.insertManualDeliveries(
    ctx.db,
    endpoints.map((e) => ({ endpointId: e.id, eventId: event.id, scope, eventType: event.type, kind, now })),
  )
  await repo.notifyDeliveryWorkers(ctx.db)
  const byId = new Map(endpoints.map((e) => [e.id, e.public_id]))
  return {
    event_id: event.public_id,
    deliveries: rows.map((r) => ({ ...serializeQueued(r, byId.get(r.endpoint_id)!, event.public_id), row_id: r.id })),
  }
}

/** Sends `webhook.test` to one endpoint or to all enabled endpoints of the scope. */
export async function sendTestEvent(ctx: AppContext, scope: TenantScope, input: { endpointId?: string | number } = {}) {
  const endpoints = await targets(ctx, scope, input.endpointId)
  const event = await insertEvent(ctx.db, {
    organizationId: scope.organizationId,
    environment: scope.environment,
    type: 'webhook.test',
    subjectId: null,
    payload: {
      message: 'This is a test event from Kassa.',
      environment: scope.environment,
      created_at: ctx.clock.now().toISOString(),
    },
  })
  return queue(ctx, scope, { ...event, type: 'webhook.test' }, endpoints, 'test')
}

/**
 * Resends the payment's latest `transaction.status_changed` (its current state, since every change
 * records one) with a fresh delivery id. A payment without any event yet gets one recorded now.
 */
export async function resendTransactionEvent(
  ctx: AppContext,
  scope: TenantScope,
  input: { transactionId: string; endpointId?: string | number },
) {
  const lookup = parseLookupId(input.transactionId, 'TX')
  const tx = lookup && (await findTransaction(ctx.db, scope, lookup))
  if (!tx) throw notFound('Transaction')
  const endpoints = await targets(ctx, scope, input.endpointId)
  let event = await repo.findLatestEventForSubject(ctx.db, scope, 'transaction.status_changed', tx.public_id)
  if (!event) {
    await recordTransactionChanged(ctx.db, tx.id)
    event = await repo.findLatestEventForSubject(ctx.db, scope, 'transaction.status_changed', tx.public_id)
  }
  return queue(ctx, scope, event!, endpoints, 'resend')
}

/** Replays any event of the last 30 days to one endpoint, with a fresh delivery id. */
export async function replayEvent(
  ctx: AppContext,
  scope: TenantScope,
  input: { eventId: string; endpointId: string | number },
) {
  const errors = new FieldErrors()
  if (typeof input.eventId !== 'string' || !/^evt_[A-Za-z0-9]{1,64}$/.test(input.eventId))
    errors.add('event_id', 'Must be an event id (evt_…).')
  if (input.endpointId === undefined || input.endpointId === '') errors.add('endpoint_id', 'This field is required.')
  errors.throwIfAny()
  const event = await repo.findEventByPublicId(ctx.db, scope, input.eventId)
  if (!event) throw notFound('Event')
  const endpoint = await requireEndpoint(ctx, scope, input.endpointId)
  const ageMs = ctx.clock.now().getTime() - event.created_at.getTime()
  if (ageMs > REPLAY_WINDOW_DAYS * 86_400_000) {
    throw new AppError('event_too_old', `Only events of the last ${REPLAY_WINDOW_DAYS} days can be replayed.`, {
      event_id: [`Older than ${REPLAY_WINDOW_DAYS} days.`],
    })
  }
  if (!endpoint.enabled)
    throw new AppError('webhook_endpoint_disabled', 'This webhook endpoint is disabled; enable it first.')
  return queue(ctx, scope, event, [endpoint], 'replay')
}

/** Newest first; `before` (a delivery id from the previous page) pages further back. */
export async function listDeliveries(
  ctx: AppContext,
  scope: TenantScope,
  input: { endpointId?: string | number; limit?: number; before?: string; subjectId?: string } = {},
) {
  const endpoint = input.endpointId !== undefined ? await requireEndpoint(ctx, scope, input.endpointId) : null
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200)
  let beforeId: number | undefined
  if (input.before !== undefined) {
    const cursor = UUID.test(input.before) ? await repo.findDelivery(ctx.db, scope, input.before) : undefined
    if (!cursor) throw validationError({ before: ['Unknown delivery id.'] })
    beforeId = cursor.id
  }
  const rows = await repo.listDeliveries(ctx.db, scope, {
    endpointId: endpoint?.id,
    limit,
    beforeId,
    subjectId: input.subjectId,
  })
  return rows.map((r) => ({
    delivery_id: r.delivery_id,
    endpoint_id: r.endpoint_public_id,
    event_id: r.event_public_id,
    event_type: r.event_type,
    kind: r.kind,
    status: r.status,
    attempts: r.attempts,
    next_attempt_at: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    last_status_code: r.last_status_code,
    last_error: r.last_error,
    created_at: r.created_at.toISOString(),
    completed_at: r.completed_at?.toISOString() ?? null,
  }))
}

/** One delivery with every attempt (time, headers sent, status code, duration, error, first 2 KB of the answer). */
export async function getDelivery(ctx: AppContext, scope: TenantScope, deliveryId: string) {
  const row = UUID.test(deliveryId) ? await repo.findDeliveryWithIds(ctx.db, scope, deliveryId) : undefined
  if (!row) throw notFound('Webhook delivery')
  const attempts = await repo.listAttempts(ctx.db, row.id)
  return {
    delivery_id: row.delivery_id,
    endpoint_id: row.endpoint_public_id,
    event_id: row.event_public_id,
    event_type: row.event_type,
    kind: row.kind,
    status: row.status,
    created_at: row.created_at.toISOString(),
    completed_at: row.completed_at?.toISOString() ?? null,
    next_attempt_at: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    attempts: attempts.map((a) => ({
      request_headers: a.request_headers,
      attempt_number: a.attempt_number,
      attempted_at: a.attempted_at.toISOString(),
      status_code: a.status_code,
      duration_ms: a.duration_ms,
      error: a.error,
      response_body: a.response_body,
    })),
  }
}
