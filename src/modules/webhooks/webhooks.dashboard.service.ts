import type { AppContext } from '../../context.ts'
import type { Environment } from '../../db/schema.ts'
import { parseLookupId } from '../../lib/ids.ts'
import { forbidden, notFound } from '../../lib/errors.ts'
import type { DashboardUser } from '../auth/index.ts'
import { actorOf, changedFields, recordAudit, type AuditEntry } from '../audit/index.ts'
import {
  getDelivery,
  listDeliveries,
  replayEvent,
  resendTransactionEvent,
  sendTestEvent,
} from './deliveries.service.ts'
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpoints,
  rotateEndpointSecret,
  updateEndpoint,
  type CreateEndpointInput,
  type UpdateEndpointInput,
} from './endpoints.service.ts'
import { replayRange } from './replay.service.ts'
import * as repo from './webhooks.dashboard.repository.ts'

// Webhooks configuration for the dashboard, over the webhook services. Objects named by id are
// looked up in the user's organization, in whichever environment they live; on the /sandbox/api/
// mirror only sandbox ones exist. Every write is audited once the service has made it (the services
// resolve webhook URLs over DNS, so they run outside any transaction).

export interface DashboardScope {
  user: DashboardUser
  /** Set on the /sandbox/api/ mirror or when the request names an environment. */
  environment: Environment | null
}

const ENVIRONMENTS: Environment[] = ['sandbox', 'production']

async function scopeOf(ctx: AppContext, d: DashboardScope, find: () => Promise<Environment | null>, what: string) {
  const environment = await find()
  if (!environment || (d.environment && environment !== d.environment)) throw notFound(what)
  return { organizationId: d.user.organizationId, environment }
}

const endpointScope = (ctx: AppContext, d: DashboardScope, id: string) => {
  const lookup = parseLookupId(id, 'we_')
  return scopeOf(
    ctx,
    d,
    async () => (lookup ? repo.endpointEnvironment(ctx.db, d.user.organizationId, lookup) : null),
    'Webhook endpoint',
  )
}

const audit = (ctx: AppContext, d: DashboardScope, entry: AuditEntry) =>
  recordAudit(ctx.db, actorOf(d.user), entry, ctx.clock.now())

export async function listWebhookEndpoints(ctx: AppContext, d: DashboardScope) {
  const environments = d.environment ? [d.environment] : ENVIRONMENTS
  const lists = await Promise.all(
    environments.map((environment) => listEndpoints(ctx, { organizationId: d.user.organizationId, environment })),
  )
  return lists.flat().sort((a, b) => b.created_at.localeCompare(a.created_at))
}

export async function createWebhookEndpoint(
  ctx: AppContext,
  d: DashboardScope,
  input: CreateEndpointInput & { environment?: Environment },
) {
  const environment = d.environment ?? input.environment ?? 'sandbox'
  if (d.environment && input.environment && input.environment !== d.environment)
    throw forbidden(
      'environment_mismatch',
      'The /sandbox/api/ base path serves sandbox data only; use /api/ for production.',
    )
  const { endpoint, secret } = await createEndpoint(ctx, { organizationId: d.user.organizationId, environment }, input)
  await audit(ctx, d, {
    action: 'webhook_endpoint.created',
    targetType: 'webhook_endpoint',
    targetId: endpoint.id,
    after: { url: endpoint.url, environment, event_types: endpoint.event_types, description: endpoint.description },
  })
  return { ...endpoint, secret }
}

export async function getWebhookEndpoint(ctx: AppContext, d: DashboardScope, id: string) {
  return getEndpoint(ctx, await endpointScope(ctx, d, id), id)
}

const view = (e: { url: string; description: string | null; event_types: string[]; enabled: boolean }) => ({
  url: e.url,
  description: e.description,
  event_types: e.event_types,
  enabled: e.enabled,
})

export async function updateWebhookEndpoint(
  ctx: AppContext,
  d: DashboardScope,
  id: string,
  input: UpdateEndpointInput,
) {
  const scope = await endpointScope(ctx, d, id)
  const before = await getEndpoint(ctx, scope, id)
  const after = await updateEndpoint(ctx, scope, id, input)
  const diff = changedFields(view(before), view(after))
  if (diff)
    await audit(ctx, d, {
      action: 'webhook_endpoint.updated',
      targetType: 'webhook_endpoint',
      targetId: after.id,
      ...diff,
    })
  return after
}

export async function deleteWebhookEndpoint(ctx: AppContext, d: DashboardScope, id: string) {
  const scope = await endpointScope(ctx, d, id)
  const before = await getEndpoint(ctx, scope, id)
  const result = await deleteEndpoint(ctx, scope, id)
  await audit(ctx, d, {
    action: 'webhook_endpoint.deleted',
    targetType: 'webhook_endpoint',
    targetId: result.id,
    before: view(before),
  })
  return result
}

export async function rotateWebhookSecret(ctx: AppContext, d: DashboardScope, id: string) {
  const { endpoint, secret } = await rotateEndpointSecret(ctx, await endpointScope(ctx, d, id), id)
  await audit(ctx, d, {
    action: 'webhook_endpoint.secret_rotated',
    targetType: 'webhook_endpoint',
    targetId: endpoint.id,
  })
  return { ...endpoint, secret }
}

const publicDeliveries = (r: Awaited<ReturnType<typeof sendTestEvent>>) => ({
  event_id: r.event_id,
  deliveries: r.deliveries.map(({ row_id: _row, ...rest }) => rest),
})

/** webhook.test to one endpoint (by id) or to every enabled endpoint of the environment. */
export async function sendWebhookTest(
  ctx: AppContext,
  d: DashboardScope,
  input: { endpoint_id?: string; environment?: Environment },
) {
  const scope = input.endpoint_id
    ? await endpointScope(ctx, d, input.endpoint_id)
    : { organizationId: d.user.organizationId, environment: d.environment ?? input.environment ?? 'sandbox' }
  const result = await sendTestEvent(ctx, scope, { endpointId: input.endpoint_id })
  await audit(ctx, d, {
    action: 'webhook.test_sent',
    targetType: input.endpoint_id ? 'webhook_endpoint' : 'webhooks',
    targetId: input.endpoint_id ?? scope.environment,
    after: { event_id: result.event_id },
  })
  return publicDeliveries(result)
}

/** Replays one event (last 30 days) to one endpoint with a fresh delivery id. */
export async function resendWebhookEvent(
  ctx: AppContext,
  d: DashboardScope,
  input: { event_id: string; endpoint_id: string },
) {
  const scope = await scopeOf(
    ctx,
    d,
    () => repo.eventEnvironment(ctx.db, d.user.organizationId, input.event_id),
    'Event',
  )
  const result = await replayEvent(ctx, scope, { eventId: input.event_id, endpointId: input.endpoint_id })
  await audit(ctx, d, {
    action: 'webhook.event_resent',
    targetType: 'event',
    targetId: input.event_id,
    after: { endpoint_id: input.endpoint_id },
  })
  return publicDeliveries(result)
}

/** Replays every event of a time range to one endpoint (see replayRange). */
export async function replayWebhookEvents(
  ctx: AppContext,
  d: DashboardScope,
  id: string,
  input: { from: string; to?: string; event_types?: string[] },
) {
  const result = await replayRange(ctx, await endpointScope(ctx, d, id), id, {
    from: input.from,
    to: input.to,
    eventTypes: input.event_types,
  })
  await audit(ctx, d, {
    action: 'webhook.events_replayed',
    targetType: 'webhook_endpoint',
    targetId: result.endpoint_id,
    after: { from: result.from, to: result.to, deliveries: result.deliveries.length },
  })
  return result
}

/** Sends the payment's current transaction.status_changed again (merchants may resend it for any payment). */
export async function resendTransactionWebhook(
  ctx: AppContext,
  d: DashboardScope,
  input: { transaction_id: string; endpoint_id?: string },
) {
  const lookup = parseLookupId(input.transaction_id, 'TX')
  const scope = await scopeOf(
    ctx,
    d,
    async () => (lookup ? repo.transactionEnvironment(ctx.db, d.user.organizationId, lookup) : null),
    'Transaction',
  )
  const result = await resendTransactionEvent(ctx, scope, {
    transactionId: input.transaction_id,
    endpointId: input.endpoint_id,
  })
  await audit(ctx, d, {
    action: 'webhook.transaction_resent',
    targetType: 'transaction',
    targetId: input.transaction_id,
    after: { event_id: result.event_id, endpoint_id: input.endpoint_id ?? null },
  })
  return publicDeliveries(result)
}

/** Newest first; one endpoint's, or every endpoint's in the environment asked for (both when none is). `before` pages on. */
export async function listWebhookDeliveries(
  ctx: AppContext,
  d: DashboardScope,
  query: { endpoint_id?: string; limit?: number; before?: string; environment?: Environment; transaction_id?: string },
) {
  const limit = query.limit ?? 50
  const subjectId = query.transaction_id
  if (query.endpoint_id)
    return listDeliveries(ctx, await endpointScope(ctx, d, query.endpoint_id), {
      endpointId: query.endpoint_id,
      limit,
      before: query.before,
      subjectId,
    })
  if (query.before) {
    const valid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(query.before)
    const scope = await scopeOf(
      ctx,
      d,
      async () => (valid ? repo.deliveryEnvironment(ctx.db, d.user.organizationId, query.before as string) : null),
      'Webhook delivery',
    )
    return listDeliveries(ctx, scope, { limit, before: query.before, subjectId })
  }
  const environment = d.environment ?? query.environment
  const environments = environment ? [environment] : ENVIRONMENTS
  const lists = await Promise.all(
    environments.map((env) =>
      listDeliveries(ctx, { organizationId: d.user.organizationId, environment: env }, { limit, subjectId }),
    ),
  )
  return lists
    .flat()
    .sort((a, b) => b.created_at.localeCompare(a.created_at))
    .slice(0, limit)
}

export async function getWebhookDelivery(ctx: AppContext, d: DashboardScope, deliveryId: string) {
  const valid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(deliveryId)
  const scope = await scopeOf(
    ctx,
    d,
    async () => (valid ? repo.deliveryEnvironment(ctx.db, d.user.organizationId, deliveryId) : null),
    'Webhook delivery',
  )
  return getDelivery(ctx, scope, deliveryId)
}
