import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  createKey,
  checkoutBody,
  apiKeyHeaders,
  createCheckoutViaApi,
  type TestPlatform,
  type Merchant,
} from '../support/platform.ts'
import { revokeKey } from '../../src/modules/api-keys/index.ts'
import { API_KEY_CACHE_MAX_ENTRIES, keyCacheFor } from '../../src/modules/api-keys/api-keys.cache.ts'

let p: TestPlatform
let m: Merchant
let txId: string
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  txId = (await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))).transaction_id
})
afterAll(() => p.close())

const get = async (key: string) =>
  (await p.app.inject({ url: `/api/transactions/${txId}/`, headers: apiKeyHeaders(key) })).statusCode

/** Revokes behind Kassa's back, as another process or a SQL console would. */
const revokeInSql = async (prefix: string) => {
  await p.ctx.db
    .updateTable('api_keys')
    .set({ status: 'revoked', revoked_at: new Date() })
    .where('prefix', '=', prefix)
    .execute()
}

describe('API-key lookup cache', () => {
  test('the default TTL is 10 seconds', () => {
    expect(p.ctx.config.apiKeyCacheTtlMs).toBe(10_000)
  })

  test('a key revoked elsewhere stops working within the TTL, not before the cached lookup ages out', async () => {
    const key = await createKey(p.ctx, m.organizationId, 'sandbox', [])
    expect(await get(key)).toBe(200)
    await revokeInSql(key.slice(0, 12))
    // Still served from this process's cache: the delay the TTL bounds.
    expect(await get(key)).toBe(200)
    p.clock.advance(p.ctx.config.apiKeyCacheTtlMs - 1000)
    expect(await get(key)).toBe(200)
    p.clock.advance(1000)
    expect(await get(key)).toBe(401)
  })

  test('revoking through Kassa drops the cached lookup in this process at once', async () => {
    const key = await createKey(p.ctx, m.organizationId, 'sandbox', [])
    expect(await get(key)).toBe(200)
    const row = await p.ctx.db
      .selectFrom('api_keys')
      .select('id')
      .where('prefix', '=', key.slice(0, 12))
      .executeTakeFirstOrThrow()
    await revokeKey(p.ctx.db, m.organizationId, row.id, new Date())
    expect(await get(key)).toBe(401)
  })

  test('an expiry is checked on every request, cached or not', async () => {
    const key = await createKey(p.ctx, m.organizationId, 'sandbox', [])
    await p.ctx.db
      .updateTable('api_keys')
      .set({ expires_at: new Date(p.clock.now().getTime() + 3000) })
      .where('prefix', '=', key.slice(0, 12))
      .execute()
    expect(await get(key)).toBe(200)
    p.clock.advance(3000)
    expect(await get(key)).toBe(401)
  })

  test('a wrong key is never cached and stays 401', async () => {
    const before = keyCacheFor(p.ctx.db).size
    expect(await get('sk_test_notakey000000000000000000000000')).toBe(401)
    expect(keyCacheFor(p.ctx.db).size).toBe(before)
  })

  test('last_used_at is written once per minute at most, off the request path', async () => {
    const key = await createKey(p.ctx, m.organizationId, 'sandbox', [])
    const lastUsed = async () =>
      (
        await p.ctx.db
          .selectFrom('api_keys')
          .select('last_used_at')
          .where('prefix', '=', key.slice(0, 12))
          .executeTakeFirstOrThrow()
      ).last_used_at
    expect(await get(key)).toBe(200)
    await new Promise((r) => setTimeout(r, 100))
    const first = await lastUsed()
    expect(first).not.toBeNull()
    expect(await get(key)).toBe(200)
    await new Promise((r) => setTimeout(r, 100))
    expect((await lastUsed())?.getTime()).toBe(first?.getTime())
  })
})

describe('without a cache', () => {
  let q: TestPlatform
  let n: Merchant
  beforeAll(async () => {
    q = await createTestPlatform({ env: { API_KEY_CACHE_TTL_MS: '0' } })
    n = await createMerchantFixture(q.ctx)
  })
  afterAll(() => q.close())

  test('API_KEY_CACHE_TTL_MS=0 reads the key on every request', async () => {
    const key = await createKey(q.ctx, n.organizationId, 'sandbox', [])
    const create = () =>
      q.app.inject({
        method: 'POST',
        url: '/api/checkout/create/',
        headers: apiKeyHeaders(key),
        payload: checkoutBody(n.productId),
      })
    expect((await create()).statusCode).toBe(201)
    await q.ctx.db.updateTable('api_keys').set({ status: 'revoked' }).where('prefix', '=', key.slice(0, 12)).execute()
    expect((await create()).statusCode).toBe(401)
  })
})

describe('cache bounds', () => {
  test(`holds at most ${API_KEY_CACHE_MAX_ENTRIES} entries, dropping the oldest`, () => {
    const cache = keyCacheFor(p.ctx.db)
    const entry = (i: number) => ({
      keyId: i,
      organizationId: -1,
      environment: 'sandbox' as const,
      scopes: [],
      expiresAt: null,
      lastUsedAt: new Date(),
      cachedAt: 1,
    })
    for (let i = 0; i < API_KEY_CACHE_MAX_ENTRIES + 5; i++) cache.set(`h${i}`, entry(i), cache.generation)
    expect(cache.size).toBe(API_KEY_CACHE_MAX_ENTRIES)
    expect(cache.get('h0', 2, 10_000)).toBeNull()
    expect(cache.get(`h${API_KEY_CACHE_MAX_ENTRIES + 4}`, 2, 10_000)?.keyId).toBe(API_KEY_CACHE_MAX_ENTRIES + 4)
    expect(cache.get(`h${API_KEY_CACHE_MAX_ENTRIES + 4}`, 10_001, 10_000)).toBeNull()
    cache.invalidateOrganization(-1)
    expect(cache.size).toBe(0)
  })
})
