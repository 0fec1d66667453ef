import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  apiKeyHeaders,
  checkoutBody,
  type TestPlatform,
  type Merchant,
} from '../../../test/support/platform.ts'
import {
  tokenHeaders,
  type RoleTokens,
  dashboardFixture,
  type DashboardFixture,
} from '../../../test/support/dashboard.ts'
import { waitFor } from '../../../test/support/wait.ts'

let p: TestPlatform
let dash: DashboardFixture
let m: Merchant
let t: RoleTokens
let otherOwner: string
beforeAll(async () => {
  p = await createTestPlatform()
  dash = await dashboardFixture(p)
  ;({ merchant: m, tokens: t, otherToken: otherOwner } = dash)
})
afterAll(() => p.close())

const list = (token: string, query = '') =>
  p.app.inject({ url: `/api/organization/api-keys/${query}`, headers: tokenHeaders(token) })
/** A key is usable when it can create a checkout. */
const keyWorks = async (key: string) =>
  (
    await p.app.inject({
      method: 'POST',
      url: '/api/checkout/create/',
      headers: apiKeyHeaders(key),
      payload: checkoutBody(m.productId),
    })
  ).statusCode
const MINUTE = 60_000

describe('list', () => {
  test('metadata only, never the key or its hash; every role reads; filter by environment', async () => {
    for (const token of Object.values(t)) expect((await list(token)).statusCode).toBe(200)
    const keys = (await list(t.viewer)).json()
    expect(keys).toHaveLength(2)
    expect(keys[0]).toMatchObject({ status: 'active', scopes: [], last_used_at: null, expires_at: null })
    expect(JSON.stringify(keys)).not.toContain(m.sandboxKey.slice(12))
    expect(Object.keys(keys[0])).not.toContain('key_hash')
    expect(
      (await list(t.viewer, '?environment=production')).json().map((k: { environment: string }) => k.environment),
    ).toEqual(['production'])
    expect(
      (await list(otherOwner))
        .json()
        .every((k: { id: number }) => !keys.some((mine: { id: number }) => mine.id === k.id)),
    ).toBe(true)
  })

  test('the /sandbox/api/ mirror shows and creates sandbox keys only', async () => {
    const mirrored = (
      await p.app.inject({ url: '/sandbox/api/organization/api-keys/', headers: tokenHeaders(t.owner) })
    ).json()
    expect(mirrored.map((k: { environment: string }) => k.environment)).toEqual(['sandbox'])
    expect(
      (
        await p.app.inject({
          url: '/sandbox/api/organization/api-keys/?environment=production',
          headers: tokenHeaders(t.owner),
        })
      ).statusCode,
    ).toBe(403)
    expect(
      (
        await p.app.inject({
          method: 'POST',
          url: '/sandbox/api/organization/api-keys/',
          headers: tokenHeaders(t.owner),
          payload: { environment: 'production', scopes: [] },
        })
      ).statusCode,
    ).toBe(403)
  })

  test('last_used_at is recorded when the key is used', async () => {
    await keyWorks(m.sandboxKey)
    // Recorded beside the request, not before its answer: poll the list until it shows.
    const sandbox = await waitFor(
      async () =>
        (await list(t.owner, '?environment=sandbox'))
          .json()
          .find(
            (k: { prefix: string; last_used_at: string | null }) => m.sandboxKey.startsWith(k.prefix) && k.last_used_at,
          ),
      { message: 'last_used_at of the sandbox key' },
    )
    expect(sandbox.last_used_at).not.toBeNull()
  })
})

describe('create', () => {
  test('owners and admins create; the raw key is shown once and works', async () => {
    const res = await dash.as('admin').post('/api/organization/api-keys/', {
      environment: 'sandbox',
      scopes: ['checkout:create'],
      name: 'CI',
    })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({ environment: 'sandbox', scopes: ['checkout:create'], name: 'CI', status: 'active' })
    expect(body.raw_key).toMatch(/^sk_test_/)
    expect(body.raw_key.startsWith(body.prefix)).toBe(true)
    expect(await keyWorks(body.raw_key)).toBe(201)
    expect(JSON.stringify((await list(t.owner)).json())).not.toContain(body.raw_key)
    const live = (await dash.post('/api/organization/api-keys/', { environment: 'production', scopes: [] })).json()
    expect(live.raw_key).toMatch(/^sk_live_/)
  })

  test('developers and viewers → 403', async () => {
    for (const role of ['developer', 'viewer'] as const) {
      expect(
        (await dash.as(role).post('/api/organization/api-keys/', { environment: 'sandbox', scopes: [] })).statusCode,
      ).toBe(403)
    }
  })

  test('bad input → 400 naming the fields', async () => {
    const res = await dash.post('/api/organization/api-keys/', {
      environment: 'staging',
      scopes: ['payments:read', 'admin:all'],
    })
    expect(res.statusCode).toBe(400)
    expect(Object.keys(res.json().errors).sort()).toEqual(['environment', 'scopes.1'])
    expect((await dash.post('/api/organization/api-keys/', {})).json().errors).toHaveProperty('environment')
  })

  test('a raw key is never stored for Idempotency-Key replay', async () => {
    const send = () =>
      p.app.inject({
        method: 'POST',
        url: '/api/organization/api-keys/',
        headers: { ...tokenHeaders(t.owner), 'idempotency-key': 'same-key-1' },
        payload: { environment: 'sandbox', scopes: [] },
      })
    const [a, b] = [await send(), await send()]
    expect(a.statusCode).toBe(201)
    expect(b.headers['idempotent-replayed']).toBeUndefined()
    expect(a.json().raw_key).not.toBe(b.json().raw_key)
    const stored = await p.ctx.db.selectFrom('idempotency_keys').select('response_body').execute()
    expect(stored.some((r) => r.response_body?.includes(a.json().raw_key))).toBe(false)
  })

  test('audited', async () => {
    const created = (
      await dash.post('/api/organization/api-keys/', { environment: 'sandbox', scopes: ['payments:read'] })
    ).json()
    const [entry] = (
      await p.app.inject({
        url: '/api/organization/audit-log/?action=api_key.created&page_size=1',
        headers: tokenHeaders(t.owner),
      })
    ).json()
    expect(entry).toMatchObject({
      target: { type: 'api_key', id: String(created.id) },
      after: { scopes: ['payments:read'], environment: 'sandbox' },
    })
  })
})

describe('rotate', () => {
  test('without overlap: the old key stops at once, the new one works', async () => {
    const old = (
      await dash.post('/api/organization/api-keys/', {
        environment: 'sandbox',
        scopes: ['checkout:create'],
        name: 'rotating',
      })
    ).json()
    const res = await dash.post('/api/organization/api-keys/rotate/', { id: old.id })
    expect(res.statusCode).toBe(200)
    const rotated = res.json()
    expect(rotated).toMatchObject({
      environment: 'sandbox',
      scopes: ['checkout:create'],
      name: 'rotating',
      status: 'active',
    })
    expect(rotated.id).not.toBe(old.id)
    expect(rotated.rotated_from).toMatchObject({ id: old.id, status: 'revoked' })
    expect(await keyWorks(old.raw_key)).toBe(401)
    expect(await keyWorks(rotated.raw_key)).toBe(201)
    // A revoked key cannot be rotated again.
    expect((await dash.post('/api/organization/api-keys/rotate/', { id: old.id })).statusCode).toBe(409)
  })

  test('with overlap_minutes: the old key works during the window, then 401', async () => {
    const old = (await dash.post('/api/organization/api-keys/', { environment: 'sandbox', scopes: [] })).json()
    const rotated = (
      await dash.as('admin').post('/api/organization/api-keys/rotate/', { id: String(old.id), overlap_minutes: 30 })
    ).json()
    expect(rotated.rotated_from.status).toBe('active')
    expect(Date.parse(rotated.rotated_from.expires_at)).toBeGreaterThan(p.clock.now().getTime() + 29 * MINUTE)
    expect(await keyWorks(old.raw_key)).toBe(201)
    expect(await keyWorks(rotated.raw_key)).toBe(201)
    p.clock.advance(29 * MINUTE)
    expect(await keyWorks(old.raw_key)).toBe(201)
    p.clock.advance(2 * MINUTE)
    expect(await keyWorks(old.raw_key)).toBe(401)
    expect(await keyWorks(rotated.raw_key)).toBe(201)
    const listed = (await list(t.owner)).json().find((k: { id: number }) => k.id === old.id)
    expect(listed.status).toBe('expired')
  })

  test('overlap_seconds is the same window in seconds; both at once → 400', async () => {
    const old = (await dash.post('/api/organization/api-keys/', { environment: 'sandbox', scopes: [] })).json()
    expect(
      (
        await dash.post('/api/organization/api-keys/rotate/', {
          id: old.id,
          overlap_seconds: 90,
          overlap_minutes: 1,
        })
      ).statusCode,
    ).toBe(400)
    const rotated = (await dash.post('/api/organization/api-keys/rotate/', { id: old.id, overlap_seconds: 90 })).json()
    expect(Date.parse(rotated.rotated_from.expires_at) - p.clock.now().getTime()).toBeGreaterThan(85_000)
    p.clock.advance(60_000)
    expect(await keyWorks(old.raw_key)).toBe(201)
    p.clock.advance(31_000)
    expect(await keyWorks(old.raw_key)).toBe(401)
  })

  test('no id: the newest active key is replaced', async () => {
    const newest = (
      await dash.post('/api/organization/api-keys/', { environment: 'production', scopes: ['payments:read'] })
    ).json()
    const res = await dash.post('/api/organization/api-keys/rotate/')
    expect(res.statusCode, res.body).toBe(200)
    const rotated = res.json()
    expect(rotated.rotated_from.id).toBe(newest.id)
    expect(rotated.environment).toBe('production')
  })

  test('roles, unknown id, other tenant, bad overlap', async () => {
    expect((await dash.as('developer').post('/api/organization/api-keys/rotate/', {})).statusCode).toBe(403)
    expect((await dash.post('/api/organization/api-keys/rotate/', { id: 999999 })).statusCode).toBe(404)
    const theirs = (await list(otherOwner)).json()[0]
    expect((await dash.post('/api/organization/api-keys/rotate/', { id: theirs.id })).statusCode).toBe(404)
    expect((await dash.post('/api/organization/api-keys/rotate/', { overlap_minutes: -5 })).statusCode).toBe(400)
  })
})

describe('revoke', () => {
  test('revokes now; idempotent; roles; other tenant → 404', async () => {
    const key = (await dash.post('/api/organization/api-keys/', { environment: 'sandbox', scopes: [] })).json()
    expect((await dash.as('viewer').post(`/api/organization/api-keys/${key.id}/revoke/`)).statusCode).toBe(403)
    expect((await dash.as('developer').post(`/api/organization/api-keys/${key.id}/revoke/`)).statusCode).toBe(403)
    expect((await dash.as('other').post(`/api/organization/api-keys/${key.id}/revoke/`)).statusCode).toBe(404)
    const res = await dash.as('admin').post(`/api/organization/api-keys/${key.id}/revoke/`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ id: key.id, status: 'revoked' })
    expect(res.json().raw_key).toBeUndefined()
    expect(await keyWorks(key.raw_key)).toBe(401)
    expect((await dash.as('admin').post(`/api/organization/api-keys/${key.id}/revoke/`)).json().status).toBe('revoked')
    expect((await dash.as('admin').post('/api/organization/api-keys/abc/revoke/')).statusCode).toBe(404)
  })
})
