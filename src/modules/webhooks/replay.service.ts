import type { AppContext } from '../../context.ts'
import { AppError, FieldErrors, validationError } from '../../lib/errors.ts'
import * as repo from './deliveries.repository.ts'
import { REPLAY_WINDOW_DAYS } from './deliveries.service.ts'
import { requireEndpoint, type TenantScope } from './endpoints.service.ts'
import { listEventsInRange } from './replay.repository.ts'

/** One replay queues at most this many deliveries: a bigger range is refused, to be split by the caller. */
export const REPLAY_MAX_EVENTS = 1000

/**
 * Sends every event of a time range again to one endpoint (after an outage, or to backfill a new
 * endpoint): the events it subscribes to (its filter, narrowed by `eventTypes`), oldest first, each
 * as a new delivery of kind `replay` with a fresh delivery id. Only the last 30 days.
 */
export async function replayRange(
  ctx: AppContext,
  scope: TenantScope,
  endpointId: string | number,
  input: { from: string; to?: string; eventTypes?: string[] },
) {
  const now = ctx.clock.now()
  const from = new Date(input.from)
  const to = input.to === undefined ? now : new Date(input.to)
  const errors = new FieldErrors()
  if (Number.isNaN(from.getTime())) errors.add('from', 'Must be a date-time.')
  else if (now.getTime() - from.getTime() > REPLAY_WINDOW_DAYS * 86_400_000)
    errors.add('from', `Only events of the last ${REPLAY_WINDOW_DAYS} days can be replayed.`)
  if (Number.isNaN(to.getTime())) errors.add('to', 'Must be a date-time.')
  else if (!Number.isNaN(from.getTime()) && to <= from) errors.add('to', 'Must be after from.')
  errors.throwIfAny()
  const endpoint = await requireEndpoint(ctx, scope, endpointId)
  if (!endpoint.enabled)
    throw new AppError('webhook_endpoint_disabled', 'This webhook endpoint is disabled; enable it first.')
  const types = typesToReplay(endpoint.event_types, input.eventTypes ?? [])
  const events =
    types && types.length === 0
      ? []
      : await listEventsInRange(ctx.db, scope, { from, to, types, limit: REPLAY_MAX_EVENTS + 1 })
  if (events.length > REPLAY_MAX_EVENTS)
    throw validationError({ from: [`More than ${REPLAY_MAX_EVENTS} events in this range; replay a shorter one.`] })
  const rows = await repo.insertManualDeliveries(
    ctx.db,
    events.map((e) => ({ endpointId: endpoint.id, eventId: e.id, scope, eventType: e.type, kind: 'replay', now })),
  )
  if (rows.length > 0) await repo.notifyDeliveryWorkers(ctx.db)
  const eventIds = new Map(events.map((e) => [e.id, e.public_id]))
  return {
    endpoint_id: endpoint.public_id,
    from: from.toISOString(),
    to: to.toISOString(),
    deliveries: rows.map((r) => ({
      delivery_id: r.delivery_id,
      endpoint_id: endpoint.public_id,
      event_id: eventIds.get(r.event_id)!,
      event_type: r.event_type,
      kind: r.kind,
      status: r.status,
    })),
  }
}

/** null = every type; otherwise the types both the endpoint's filter and the request allow (may be empty). */
function typesToReplay(endpointTypes: string[], requested: string[]): string[] | null {
  if (endpointTypes.length === 0) return requested.length ? requested : null
  return requested.length ? requested.filter((t) => endpointTypes.includes(t)) : endpointTypes
}
