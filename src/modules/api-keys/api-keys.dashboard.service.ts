import type { Selectable } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { ApiKeysTable, Environment } from '../../db/schema.ts'
import { AppError, conflict, notFound, validationError } from '../../lib/errors.ts'
import type { DashboardUser } from '../auth/index.ts'
import { actorOf, recordAudit } from '../audit/index.ts'
import { createApiKey } from './api-keys.service.ts'
import * as repo from './api-keys.repository.ts'
import { invalidateApiKeyCache } from './api-keys.cache.ts'

type KeyRow = Selectable<ApiKeysTable>

export function keyStatus(row: KeyRow, now: Date): 'active' | 'revoked' | 'expired' {
  if (row.status === 'revoked') return 'revoked'
  return row.expires_at && row.expires_at <= now ? 'expired' : 'active'
}

export function serializeKey(row: KeyRow, now: Date) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    status: keyStatus(row, now),
    environment: row.environment,
    last_used_at: row.last_used_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    expires_at: row.expires_at?.toISOString() ?? null,
    revoked_at: row.revoked_at?.toISOString() ?? null,
  }
}

export async function listDashboardKeys(ctx: AppContext, user: DashboardUser, environment: Environment | null) {
  const now = ctx.clock.now()
  return (await repo.listKeysFiltered(ctx.db, user.organizationId, environment)).map((r) => serializeKey(r, now))
}

export async function createDashboardKey(
  ctx: AppContext,
  user: DashboardUser,
  input: { environment: Environment; scopes: string[]; name?: string | null },
) {
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (trx) => {
    const { row, raw } = await createApiKey(trx, {
      organizationId: user.organizationId,
      environment: input.environment,
      scopes: input.scopes,
      name: input.name?.trim() || null,
    })
    await recordAudit(
      trx,
      actorOf(user),
      {
        action: 'api_key.created',
        targetType: 'api_key',
        targetId: row.id,
        after: { environment: row.environment, scopes: row.scopes, name: row.name, prefix: row.prefix },
      },
      now,
    )
    return { ...serializeKey(row, now), raw_key: raw }
  })
}

const parseKeyId = (raw: string | number | undefined): number | null => {
  if (raw === undefined) return null
  const n = Number(raw)
  return Number.isSafeInteger(n) && n > 0 ? n : null
}

/**
 * Replaces a key with a new one (same environment, scopes and name). With `overlap_minutes` the old
 * key keeps working until then (api_keys.expires_at); without, it is revoked at once.
 */
export async function rotateDashboardKey(
  ctx: AppContext,
  user: DashboardUser,
  input: { id?: string | number; environment?: Environment; overlap_minutes?: number; overlap_seconds?: number },
) {
  const now = ctx.clock.now()
  if (input.overlap_minutes !== undefined && input.overlap_seconds !== undefined) {
    throw validationError({ overlap_seconds: ['Give overlap_minutes or overlap_seconds, not both.'] })
  }
  const overlapMs =
    input.overlap_seconds !== undefined ? input.overlap_seconds * 1000 : (input.overlap_minutes ?? 0) * 60_000
  let id = parseKeyId(input.id)
  if (input.id !== undefined && id === null) throw notFound('API key')
  if (id === null) {
    id = (await repo.findNewestActiveKey(ctx.db, user.organizationId, input.environment ?? null, now))?.id ?? null
    if (id === null) throw notFound('Active API key')
  }
  const keyId = id
  const rotated = await ctx.db.transaction().execute(async (trx) => {
    const old = await repo.lockKey(trx, user.organizationId, keyId)
    if (!old) throw notFound('API key')
    if (keyStatus(old, now) !== 'active')
      throw conflict(
        'api_key_not_active',
        `API key ${old.id} is ${keyStatus(old, now)}; only an active key can be rotated.`,
      )
    const { row, raw } = await createApiKey(trx, {
      organizationId: user.organizationId,
      environment: old.environment,
      scopes: old.scopes,
      name: old.name,
    })
    const endsAt = new Date(now.getTime() + overlapMs)
    const replaced =
      overlapMs > 0
        ? await repo.expireKeyAt(
            trx,
            user.organizationId,
            old.id,
            old.expires_at && old.expires_at < endsAt ? old.expires_at : endsAt,
          )
        : await repo.revokeKey(trx, user.organizationId, old.id, now)
    if (!replaced) throw new AppError('internal_error', 'Key vanished during rotation.')
    await recordAudit(
      trx,
      actorOf(user),
      {
        action: 'api_key.rotated',
        targetType: 'api_key',
        targetId: old.id,
        before: { id: old.id, status: 'active', expires_at: old.expires_at?.toISOString() ?? null },
        after: {
          new_key_id: row.id,
          status: keyStatus(replaced, now),
          expires_at: replaced.expires_at?.toISOString() ?? null,
          overlap_seconds: overlapMs / 1000,
        },
      },
      now,
    )
    return { ...serializeKey(row, now), raw_key: raw, rotated_from: serializeKey(replaced, now) }
  })
  invalidateApiKeyCache(ctx.db, user.organizationId)
  return rotated
}

export async function revokeDashboardKey(ctx: AppContext, user: DashboardUser, rawId: string) {
  const id = parseKeyId(/^\d+$/.test(rawId) ? rawId : undefined)
  if (id === null) throw notFound('API key')
  const now = ctx.clock.now()
  const revoked = await ctx.db.transaction().execute(async (trx) => {
    const old = await repo.lockKey(trx, user.organizationId, id)
    if (!old) throw notFound('API key')
    if (old.status === 'revoked') return serializeKey(old, now)
    const row = (await repo.revokeKey(trx, user.organizationId, id, now))!
    await recordAudit(
      trx,
      actorOf(user),
      {
        action: 'api_key.revoked',
        targetType: 'api_key',
        targetId: id,
        before: { status: keyStatus(old, now) },
        after: { status: 'revoked' },
      },
      now,
    )
    return serializeKey(row, now)
  })
  invalidateApiKeyCache(ctx.db, user.organizationId)
  return revoked
}
