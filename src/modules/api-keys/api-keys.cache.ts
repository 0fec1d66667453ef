import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/types.ts'

/**
 * A short-lived, bounded, in-process cache of API-key lookups keyed by the key's SHA-256 hash, so the
 * hot path of an API request does not wait on the database. An entry lives `API_KEY_CACHE_TTL_MS`
 * (default 10 s): a key revoked, expired early or whose organization is suspended by another process
 * (or straight in SQL) keeps working here at most that long. Revoke and rotate through Kassa drop the
 * organization's entries in this process at once. Unknown keys are never cached.
 */
export interface CachedKey {
  keyId: number
  organizationId: number
  environment: Environment
  scopes: string[]
  expiresAt: Date | null
  /** When last_used_at was last written (or read as written); drives the once-a-minute touch. */
  lastUsedAt: Date | null
  cachedAt: number
}

export const API_KEY_CACHE_MAX_ENTRIES = 10_000

class KeyCache {
  private entries = new Map<string, CachedKey>()
  /** Bumped on every invalidation: a lookup that began before one must not store what it read. */
  generation = 0

  get(hash: string, nowMs: number, ttlMs: number): CachedKey | null {
    const entry = this.entries.get(hash)
    if (!entry) return null
    if (nowMs - entry.cachedAt >= ttlMs || nowMs < entry.cachedAt) {
      this.entries.delete(hash)
      return null
    }
    return entry
  }

  set(hash: string, entry: CachedKey, generation: number): void {
    if (generation !== this.generation) return
    this.entries.delete(hash)
    if (this.entries.size >= API_KEY_CACHE_MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) this.entries.delete(oldest)
    }
    this.entries.set(hash, entry)
  }

  invalidateOrganization(organizationId: number): void {
    this.generation++
    for (const [hash, entry] of this.entries) {
      if (entry.organizationId === organizationId) this.entries.delete(hash)
    }
  }

  get size(): number {
    return this.entries.size
  }
}

/** One cache per database handle: two platforms in one process (tests) never share entries. */
const caches = new WeakMap<Database, KeyCache>()

export function keyCacheFor(db: Database): KeyCache {
  let cache = caches.get(db)
  if (!cache) {
    cache = new KeyCache()
    caches.set(db, cache)
  }
  return cache
}

/** Drops this process's cached lookups of the organization's keys (after revoke, rotate, suspend). */
export function invalidateApiKeyCache(db: Database, organizationId: number): void {
  caches.get(db)?.invalidateOrganization(organizationId)
}
