import type { Selectable } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { Database } from '../../db/database.ts'
import { encryptSecret, decryptSecret } from '../../lib/crypto.ts'
import { parseLookupId, randomBase62 } from '../../lib/ids.ts'
import { FieldErrors, notFound } from '../../lib/errors.ts'
import { insertEvent } from '../events/index.ts'
import { checkWebhookUrl, type Resolver } from './lib/ssrf.ts'
import { generateWebhookSecret } from './lib/signature.ts'
import * as repo from './endpoints.repository.ts'
import type { WebhookEndpointsTable } from './webhooks.table.ts'

export type { TenantScope } from './endpoints.repository.ts'
type TenantScope = repo.TenantScope
export type EndpointRow = Selectable<WebhookEndpointsTable>

/** Injected in tests (DNS names that resolve to loopback); production uses the system resolver. */
export interface UrlCheckOptions {
  resolve?: Resolver
}

export interface CreateEndpointInput {
  url: string
  description?: string | null
  event_types?: string[]
}

export interface UpdateEndpointInput {
  url?: string
  description?: string | null
  event_types?: string[]
  enabled?: boolean
}

const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/
const MAX_EVENT_TYPES = 50
export const newEndpointId = () => `we_${randomBase62(16)}`

export function serializeEndpoint(row: EndpointRow) {
  return {
    id: row.public_id,
    url: row.url,
    description: row.description,
    environment: row.environment,
    enabled: row.enabled,
    disabled_reason: row.disabled_reason,
    event_types: row.event_types,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  }
}

async function validateUrl(
  ctx: AppContext,
  errors: FieldErrors,
  url: unknown,
  options: UrlCheckOptions,
): Promise<void> {
  if (typeof url !== 'string' || url.trim() === '') return errors.add('url', 'This field is required.')
  if (url.length > 2048) return errors.add('url', 'Ensure this field has no more than 2048 characters.')
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return errors.add('url', 'Enter a valid absolute URL.')
  }
  if (parsed.username || parsed.password) return errors.add('url', 'The URL must not contain credentials.')
  const check = await checkWebhookUrl(url, {
    allowPrivate: ctx.config.allowPrivateWebhookUrls,
    resolve: options.resolve,
  })
  if (!check.ok) errors.add('url', `This URL is not allowed: ${check.reason}.`)
}

function validateEventTypes(errors: FieldErrors, types: unknown): string[] {
  if (!Array.isArray(types)) {
    errors.add('event_types', 'Must be a list of event types (empty for all events).')
    return []
  }
  if (types.length > MAX_EVENT_TYPES) errors.add('event_types', `At most ${MAX_EVENT_TYPES} event types.`)
  types.forEach((t, i) => {
    if (typeof t !== 'string' || !EVENT_TYPE.test(t) || t.length > 100)
      errors.add(`event_types.${i}`, 'Not a valid event type (e.g. transaction.status_changed).')
  })
  return [...new Set(types as string[])]
}

function validateDescription(errors: FieldErrors, description: unknown): string | null {
  if (description === undefined || description === null) return null
  if (typeof description !== 'string') errors.add('description', 'Must be of type string.')
  else if (description.length > 500) errors.add('description', 'Ensure this field has no more than 500 characters.')
  return typeof description === 'string' && description.trim() ? description.trim() : null
}

/** Creates an endpoint; the returned `secret` is the only time the plain secret leaves Kassa. */
export async function createEndpoint(
  ctx: AppContext,
  scope: TenantScope,
  input: CreateEndpointInput,
  options: UrlCheckOptions = {},
) {
  const errors = new FieldErrors()
  await validateUrl(ctx, errors, input.url, options)
  const eventTypes = input.event_types === undefined ? [] : validateEventTypes(errors, input.event_types)
  const description = validateDescription(errors, input.description)
  errors.throwIfAny()
  const secret = generateWebhookSecret()
  const row = await repo.insertEndpoint(ctx.db, {
    public_id: newEndpointId(),
    organization_id: scope.organizationId,
    environment: scope.environment,
    url: input.url,
    description,
    secret_encrypted: encryptSecret(secret, ctx.config.secretKey),
    event_types: eventTypes,
  })
  return { endpoint: serializeEndpoint(row), secret }
}

export async function requireEndpoint(
  ctx: AppContext,
  scope: TenantScope,
  rawId: string | number,
): Promise<EndpointRow> {
  const id = typeof rawId === 'number' ? { numeric: rawId } : parseLookupId(rawId, 'we_')
  const row = id && (await repo.findEndpoint(ctx.db, scope, id))
  if (!row) throw notFound('Webhook endpoint')
  return row
}

export async function getEndpoint(ctx: AppContext, scope: TenantScope, id: string | number) {
  return serializeEndpoint(await requireEndpoint(ctx, scope, id))
}

export async function listEndpoints(ctx: AppContext, scope: TenantScope) {
  return (await repo.listEndpoints(ctx.db, scope)).map(serializeEndpoint)
}

/** Re-enabling clears the disable reason and the failure run, so the 5-day clock starts afresh. */
export async function updateEndpoint(
  ctx: AppContext,
  scope: TenantScope,
  id: string | number,
  input: UpdateEndpointInput,
  options: UrlCheckOptions = {},
) {
  const existing = await requireEndpoint(ctx, scope, id)
  const errors = new FieldErrors()
  const changes: Parameters<typeof repo.updateEndpoint>[3] = {}
  if (input.url !== undefined) {
    await validateUrl(ctx, errors, input.url, options)
    changes.url = input.url
  }
  if (input.event_types !== undefined) changes.event_types = validateEventTypes(errors, input.event_types)
  if (input.description !== undefined) changes.description = validateDescription(errors, input.description)
  if (input.enabled !== undefined) {
    if (typeof input.enabled !== 'boolean') errors.add('enabled', 'Must be of type boolean.')
    else if (input.enabled !== existing.enabled) {
      Object.assign(
        changes,
        input.enabled
          ? { enabled: true, disabled_reason: null, first_failure_at: null }
          : { enabled: false, disabled_reason: 'Disabled by the merchant.' },
      )
    }
  }
  errors.throwIfAny()
  const row = await repo.updateEndpoint(ctx.db, scope, existing.id, changes)
  if (!row) throw notFound('Webhook endpoint')
  return serializeEndpoint(row)
}

export async function disableEndpoint(ctx: AppContext, scope: TenantScope, id: string | number) {
  return updateEndpoint(ctx, scope, id, { enabled: false })
}

/** Replaces the secret at once (no overlap window); the new one is returned once. */
export async function rotateEndpointSecret(ctx: AppContext, scope: TenantScope, id: string | number) {
  const existing = await requireEndpoint(ctx, scope, id)
  const secret = generateWebhookSecret()
  const row = await repo.updateEndpoint(ctx.db, scope, existing.id, {
    secret_encrypted: encryptSecret(secret, ctx.config.secretKey),
  })
  if (!row) throw notFound('Webhook endpoint')
  return { endpoint: serializeEndpoint(row), secret }
}

/** Soft delete: the delivery history stays readable; nothing more is sent. */
export async function deleteEndpoint(ctx: AppContext, scope: TenantScope, id: string | number) {
  const existing = await requireEndpoint(ctx, scope, id)
  await repo.updateEndpoint(ctx.db, scope, existing.id, {
    deleted_at: ctx.clock.now(),
    enabled: false,
    disabled_reason: 'Deleted.',
  })
  return { id: existing.public_id, deleted: true }
}

export const endpointSecret = (ctx: AppContext, row: Pick<EndpointRow, 'secret_encrypted'>) =>
  decryptSecret(row.secret_encrypted, ctx.config.secretKey)

/**
 * Disables an endpoint on the worker's behalf (410 Gone, 5 days of failures) and records
 * `webhook_endpoint.disabled`; call inside the transaction that records the attempt. A no-op
 * when it already was disabled, so concurrent workers record one event.
 */
export async function disableEndpointForFailures(
  ctx: AppContext,
  trx: Database,
  endpointId: number,
  reason: string,
  now: Date,
): Promise<boolean> {
  if (!(await repo.disableEndpointIfEnabled(trx, endpointId, reason, now))) return false
  const row = await repo.findEndpointById(trx, endpointId)
  if (!row) return false
  await insertEvent(trx, {
    organizationId: row.organization_id,
    environment: row.environment,
    type: 'webhook_endpoint.disabled',
    subjectId: row.public_id,
    payload: { endpoint_id: row.public_id, url: row.url, reason, disabled_at: now.toISOString() },
  })
  ctx.log.warn({ endpoint: row.public_id, reason }, 'webhook endpoint disabled')
  return true
}
