import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'
import { randomBase62 } from '../../lib/ids.ts'
import { sha256Hex } from '../../lib/crypto.ts'
import { fieldError } from '../../lib/errors.ts'
import type { ApiKeyPrincipal } from '../auth/index.ts'
import * as repo from './api-keys.repository.ts'

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

export async function authenticateApiKey(db: Database, raw: string, now: Date): Promise<ApiKeyPrincipal | null> {
  const key = await repo.findActiveKeyByHash(db, hashApiKey(raw))
  if (!key || key.status !== 'active' || key.organization_status !== 'active') return null
  if (key.expires_at && key.expires_at <= now) return null
  if (!key.last_used_at || now.getTime() - key.last_used_at.getTime() > 60_000) {
    repo.touchKey(db, key.id).catch(() => {})
  }
  return { keyId: key.id, organizationId: key.organization_id, environment: key.environment, scopes: key.scopes }
}
