import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  checkoutBody,
  apiKeyHeaders,
  createKey,
  type TestPlatform,
  type Merchant,
} from '../support/platform.ts'

let p: TestPlatform
let m: Merchant
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

const post = (key: string, body: object, idem?: string, apiKey = m.sandboxKey) =>
  p.app.inject({
    method: 'POST',
    url: '/api/checkout/create/',
    headers: { ...apiKeyHeaders(apiKey), ...(idem !== undefined ? { 'idempotency-key': idem } : {}) },
    payload: body,
  })

const countSessions = async () =>
  Number(
    (
      await p.ctx.db
        .selectFrom('checkout_sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('Idempotency-Key', () => {
  test('replays the first answer without creating a second object', async () => {
    const before = await countSessions()
    const first = await post('k', checkoutBody(m.productId), 'order-1001')
    const second = await post('k', checkoutBody(m.productId), 'order-1001')
    expect(first.statusCode).toBe(201)
    expect(second.statusCode).toBe(201)
    expect(second.json()).toEqual(first.json())
    expect(second.headers['idempotent-replayed']).toBe('true')
    expect(await countSessions()).toBe(before + 1)
  })

  test('same key with a different body → 409 idempotency_key_reused', async () => {
    await post('k', checkoutBody(m.productId), 'order-1002')
    const res = await post('k', checkoutBody(m.productId, { billing_first_name: 'Grace' }), 'order-1002')
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('idempotency_key_reused')
  })

  test('keys are per API key: another key may use the same value', async () => {
    const otherKey = await createKey(p.ctx, m.organizationId, 'sandbox', [])
    const a = await post('k', checkoutBody(m.productId), 'shared-value')
    const b = await post('k', checkoutBody(m.productId), 'shared-value', otherKey)
    expect(b.headers['idempotent-replayed']).toBeUndefined()
    expect(b.json().checkout_id).not.toBe(a.json().checkout_id)
  })

  test('a key still in flight → 409 idempotency_key_in_use', async () => {
    const keyRow = await p.ctx.db
      .selectFrom('api_keys')
      .select('id')
      .where('organization_id', '=', m.organizationId)
      .where('environment', '=', 'sandbox')
      .orderBy('id')
      .executeTakeFirstOrThrow()
    const body = checkoutBody(m.productId)
    // Learn the request hash the server computes by letting it claim once, then flip the row back to in-flight.
    await post('k', body, 'in-flight-probe')
    await p.ctx.db
      .updateTable('idempotency_keys')
      .set({ state: 'in_flight', response_body: null, response_status: null })
      .where('scope', '=', `api_key:${keyRow.id}`)
      .where('key', '=', 'in-flight-probe')
      .execute()
    const res = await post('k', body, 'in-flight-probe')
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('idempotency_key_in_use')
  })

  test('a key whose request never finished is free again after 60 s', async () => {
    const body = checkoutBody(m.productId)
    const first = await post('k', body, 'crashed-request')
    expect(first.statusCode).toBe(201)
    // As if the process died after claiming the key and before answering (SIGKILL, crash).
    await p.ctx.db
      .updateTable('idempotency_keys')
      .set({ state: 'in_flight', response_body: null, response_status: null })
      .where('key', '=', 'crashed-request')
      .execute()
    p.clock.advance(59_000)
    const early = await post('k', body, 'crashed-request')
    expect(early.statusCode).toBe(409)
    expect(early.json().code).toBe('idempotency_key_in_use')
    p.clock.advance(2_000)
    const retried = await post('k', body, 'crashed-request')
    expect(retried.statusCode).toBe(201)
    expect(retried.headers['idempotent-replayed']).toBeUndefined()
    expect(retried.json().checkout_id).not.toBe(first.json().checkout_id)
    // …and the new answer is stored and replayed as usual.
    const replay = await post('k', body, 'crashed-request')
    expect(replay.headers['idempotent-replayed']).toBe('true')
    expect(replay.json().checkout_id).toBe(retried.json().checkout_id)
  })

  test('validation failures are replayed too (4xx are stored)', async () => {
    const bad = checkoutBody('prod_missing')
    const first = await post('k', bad, 'bad-1')
    const second = await post('k', bad, 'bad-1')
    expect(first.statusCode).toBe(400)
    expect(second.statusCode).toBe(400)
    expect(second.headers['idempotent-replayed']).toBe('true')
  })

  test('expired keys (older than 24 h) are forgotten', async () => {
    const first = await post('k', checkoutBody(m.productId), 'old-key')
    await p.ctx.db
      .updateTable('idempotency_keys')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('key', '=', 'old-key')
      .execute()
    const second = await post('k', checkoutBody(m.productId), 'old-key')
    expect(second.statusCode).toBe(201)
    expect(second.json().checkout_id).not.toBe(first.json().checkout_id)
  })

  test('an empty key → 400 naming the header, as the document says (minLength 1)', async () => {
    const res = await post('k', checkoutBody(m.productId), '')
    expect(res.statusCode).toBe(400)
    expect(Object.keys(res.json().errors)).toContain('Idempotency-Key')
    const doc = (await p.app.inject({ url: '/api/schema/' })).json()
    const header = doc.paths['/api/checkout/create/'].post.parameters.find(
      (x: { in: string; name: string }) => x.in === 'header' && x.name.toLowerCase() === 'idempotency-key',
    )
    expect(header.schema.minLength).toBe(1)
  })

  test('a key longer than 255 characters → 400 naming the header', async () => {
    const res = await post('k', checkoutBody(m.productId), 'x'.repeat(256))
    expect(res.statusCode).toBe(400)
    expect(Object.keys(res.json().errors)).toContain('Idempotency-Key')
  })

  test('concurrent requests with one key create exactly one object', async () => {
    const before = await countSessions()
    const results = await Promise.all(Array.from({ length: 10 }, () => post('k', checkoutBody(m.productId), 'race-1')))
    const statuses = results.map((r) => r.statusCode)
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true)
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1)
    const ids = new Set(results.filter((r) => r.statusCode === 201).map((r) => r.json().checkout_id))
    expect(ids.size).toBe(1)
    expect(await countSessions()).toBe(before + 1)
    // Losers of the race either wait for nothing (409 in use) or get the winner's answer replayed.
    for (const r of results.filter((r) => r.statusCode === 409)) expect(r.json().code).toBe('idempotency_key_in_use')
    expect(results.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1)
  })
})
