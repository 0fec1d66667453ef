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
import { expectError } from '../support/errors.ts'
let p: TestPlatform
let m: Merchant
let txId: string
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  txId = (await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))).transaction_id
})
afterAll(() => p.close())

const create = (headers: Record<string, string>, url = '/api/checkout/create/') =>
  p.app.inject({ method: 'POST', url, headers, payload: checkoutBody(m.productId) })

describe('API-key authentication', () => {
  test('no credentials → 401 with a clear code', async () => {
    const res = await create({})
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ code: 'not_authenticated' })
  })

  test('unknown key → 401', async () => {
    const res = await create(apiKeyHeaders('sk_test_doesnotexist0000000000000000000'))
    expectError(res, 401, 'not_authenticated')
    expect(res.json().detail).toMatch(/invalid or revoked/i)
  })

  test('malformed Authorization header → 401', async () => {
    expectError(await create({ authorization: 'Bearer abc' }), 401, 'not_authenticated')
    expectError(await create({ authorization: 'Api-Key' }), 401, 'not_authenticated')
  })

  test('both header forms are accepted', async () => {
    expect((await create(apiKeyHeaders(m.sandboxKey))).statusCode).toBe(201)
    expect((await create({ 'api-key': m.sandboxKey })).statusCode).toBe(201)
  })

  test('revoked key → 401', async () => {
    const key = await createKey(p.ctx, m.organizationId, 'sandbox', [])
    expect((await create(apiKeyHeaders(key))).statusCode).toBe(201)
    const keys = await p.ctx.db
      .selectFrom('api_keys')
      .select('id')
      .where('organization_id', '=', m.organizationId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    await revokeKey(p.ctx.db, m.organizationId, keys.id, new Date())
    expectError(await create(apiKeyHeaders(key)), 401, 'not_authenticated')
  })

  test('expired key (rotation overlap over) → 401', async () => {
    const key = await createKey(p.ctx, m.organizationId, 'sandbox', [])
    const row = await p.ctx.db.selectFrom('api_keys').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
    await p.ctx.db
      .updateTable('api_keys')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', row.id)
      .execute()
    expectError(await create(apiKeyHeaders(key)), 401, 'not_authenticated')
  })

  test('a dashboard token on an API-key route → 401 naming the credential type', async () => {
    const res = await create({ authorization: 'Token abcdef' })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('wrong_credentials_type')
  })
})

describe('scopes', () => {
  test('missing scope → 403 insufficient_scope', async () => {
    const readOnly = await createKey(p.ctx, m.organizationId, 'sandbox', ['payments:read'])
    const res = await create(apiKeyHeaders(readOnly))
    expect(res.statusCode).toBe(403)
    expect(res.json()).toMatchObject({ code: 'insufficient_scope' })
    expect(res.json().detail).toContain('checkout:create')
    // …but it reads payments
    expect(
      (await p.app.inject({ url: `/api/transactions/${txId}/`, headers: apiKeyHeaders(readOnly) })).statusCode,
    ).toBe(200)
  })

  test('checkout-only key cannot read payments', async () => {
    const createOnly = await createKey(p.ctx, m.organizationId, 'sandbox', ['checkout:create'])
    expect((await create(apiKeyHeaders(createOnly))).statusCode).toBe(201)
    const res = await p.app.inject({ url: `/api/transactions/${txId}/`, headers: apiKeyHeaders(createOnly) })
    expectError(res, 403, 'insufficient_scope')
  })

  test('empty scope list means all scopes', async () => {
    const all = await createKey(p.ctx, m.organizationId, 'sandbox', [])
    expect((await create(apiKeyHeaders(all))).statusCode).toBe(201)
    expect((await p.app.inject({ url: `/api/transactions/${txId}/`, headers: apiKeyHeaders(all) })).statusCode).toBe(
      200,
    )
  })
})

describe('environments and the /sandbox/api/ mirror', () => {
  test('sandbox key works on the mirror', async () => {
    expect((await create(apiKeyHeaders(m.sandboxKey), '/sandbox/api/checkout/create/')).statusCode).toBe(201)
  })

  test('production key on the mirror → 403 with a clear message', async () => {
    const res = await create(apiKeyHeaders(m.productionKey), '/sandbox/api/checkout/create/')
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('environment_mismatch')
    expect(res.json().detail).toMatch(/sandbox/)
  })

  test('a production key never sees sandbox payments', async () => {
    const res = await p.app.inject({ url: `/api/transactions/${txId}/`, headers: apiKeyHeaders(m.productionKey) })
    expectError(res, 404, 'not_found')
  })

  test('paths answer without the trailing slash too (no redirect for POST)', async () => {
    expect((await create(apiKeyHeaders(m.sandboxKey), '/api/checkout/create')).statusCode).toBe(201)
    expect(
      (await p.app.inject({ url: `/api/transactions/${txId}`, headers: apiKeyHeaders(m.sandboxKey) })).statusCode,
    ).toBe(200)
  })
})
