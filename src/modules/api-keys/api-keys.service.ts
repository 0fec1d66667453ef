import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'
import { randomBase62 } from '../../lib/ids.ts'
import { sha256Hex } from '../../lib/crypto.ts'
import { fieldError } from '../../lib/errors.ts'
import type { ApiKeyPrincipal } from '../auth/index.ts'
import * as repo from './api-keys.repository.ts'
import { invalidateApiKeyCache, keyCacheFor } from './api-keys.cache.ts'

/** How long a key lookup is trusted in this process (API_KEY_CACHE_TTL_MS). */
export const DEFAULT_API_KEY_CACHE_TTL_MS = 10_000

export const API_KEY_SCOPES = [
  'checkout:create',
  'payments:read',
  'payments:write',
  'refunds:read',
  'refunds:write',
] as const
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number]
export const ENVIRONMENTS = ['sandbox', 'production'] as const

export function hashApiKey(raw: string): string {
  return sha256Hex(raw)
}

/** `sk_test_…` for sandbox, `sk_live_…` for production; 32 base62 chars ≈ 190 bits. */
export function generateRawKey(environment: Environment): string {
  return `${environment === 'sandbox' ? 'sk_test_' : 'sk_live_'}${randomBase62(32)}`
}

export function validateScopes(scopes: string[], field = 'scopes'): string[] {
  for (const s of scopes) {
    if (!(API_KEY_SCOPES as readonly string[]).includes(s))
      throw fieldError(field, `Unknown scope "${s}". Allowed: ${API_KEY_SCOPES.join(', ')}.`)
  }
  return [...new Set(scopes)]
}

export async function createApiKey(
  db: Database,
  input: { organizationId: number; environment: Environment; scopes: string[]; name?: string | null },
) {
  const scopes = validateScopes(input.scopes)
  const raw = generateRawKey(input.environment)
  const row = await repo.insertKey(db, {
    organization_id: input.organizationId,
    environment: input.environment,
    name: input.name ?? null,
    prefix: raw.slice(0, 12),
    key_hash: hashApiKey(raw),
    scopes,
  })
  return { row, raw }
}

/** An empty scope list grants every scope (legacy keys). */
export function hasAnyScope(principal: ApiKeyPrincipal, required: readonly string[]): boolean {
  return required.length === 0 || principal.scopes.length === 0 || required.some((s) => principal.scopes.includes(s))
}

/**
 * The principal for a raw key, or null. A lookup is cached for `ttlMs` (see api-keys.cache.ts), so
 * a warm key costs no database round trip; expiry is still checked against `now` on every call.
 * last_used_at is written at most once a minute per key, after the answer, off the request path.
 */
export async function authenticateApiKey(
  db: Database,
  raw: string,
  now: Date,
  ttlMs = DEFAULT_API_KEY_CACHE_TTL_MS,
): Promise<ApiKeyPrincipal | null> {
  const hash = hashApiKey(raw)
  const cache = keyCacheFor(db)
  const nowMs = now.getTime()
  let key = ttlMs > 0 ? cache.get(hash, nowMs, ttlMs) : null
  if (!key) {
    const generation = cache.generation
    const row = await repo.findActiveKeyByHash(db, hash)
    if (!row || row.status !== 'active' || row.organization_status !== 'active') return null
    key = {
      keyId: row.id,
      organizationId: row.organization_id,
      environment: row.environment,
      scopes: row.scopes,
      expiresAt: row.expires_at,
      lastUsedAt: row.last_used_at,
      cachedAt: nowMs,
    }
    if (ttlMs > 0) cache.set(hash, key, generation)
  }
  if (key.expiresAt && key.expiresAt <= now) return null
  if (!key.lastUsedAt || nowMs - key.lastUsedAt.getTime() > 60_000) {
    key.lastUsedAt = now
    const id = key.keyId
    setImmediate(() => repo.touchKey(db, id).catch(() => {}))
  }
  return { keyId: key.keyId, organizationId: key.organizationId, environment: key.environment, scopes: key.scopes }
}

/** Revokes a key and drops this process's cached lookups of its organization's keys. */
export async function revokeApiKey(db: Database, organizationId: number, id: number, at: Date) {
  const row = await repo.revokeKey(db, organizationId, id, at)
  invalidateApiKeyCache(db, organizationId)
  return row
}
