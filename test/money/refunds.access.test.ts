import { afterAll, describe, expect, test } from 'vitest'
import { apiKeyHeaders, createKey } from '../support/platform.ts'
import { refundsFixture } from './refunds.fixture.ts'

// Who may refund and read refunds: credentials, scopes, environments, tenants.

const { p, m, other, key, refund, drain, paidPayment } = await refundsFixture()
afterAll(() => p.close())

describe('authentication and scopes', () => {
  test('401 without or with a bad key; 403 without a refund-write scope', async () => {
    const txId = await paidPayment()
    const none = await p.app.inject({
      method: 'POST',
      url: `/api/transactions/${txId}/refund/`,
      payload: { reason: 'x' },
    })
    expect(none.statusCode).toBe(401)
    expect((await refund(txId, { reason: 'x' }, 'sk_live_nope')).statusCode).toBe(401)
    for (const scopes of [['checkout:create'], ['payments:read', 'refunds:read']]) {
      const res = await refund(txId, { reason: 'x' }, await createKey(p.ctx, m.organizationId, 'production', scopes))
      expect(res.statusCode).toBe(403)
      expect(res.json().code).toBe('insufficient_scope')
    }
    for (const scopes of [['refunds:write'], ['payments:write']]) {
      const res = await refund(
        txId,
        { reason: 'x', amount: '1.00' },
        await createKey(p.ctx, m.organizationId, 'production', scopes),
      )
      expect(res.statusCode).toBe(200)
    }
    await drain()
  })

  test('reads need refunds:read or payments:read', async () => {
    for (const [scopes, status] of [
      [['refunds:read'], 200],
      [['payments:read'], 200],
      [['refunds:write'], 403],
      [['checkout:create'], 403],
    ] as const) {
      const k = await createKey(p.ctx, m.organizationId, 'production', [...scopes])
      expect((await p.app.inject({ url: '/api/refunds/', headers: apiKeyHeaders(k) })).statusCode).toBe(status)
    }
    expect((await p.app.inject({ url: '/api/refunds/' })).statusCode).toBe(401)
    expect((await p.app.inject({ url: '/api/refunds/RFnope/' })).statusCode).toBe(401)
  })

  test('POST /api/refunds/ with an API key is 405', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/refunds/',
      headers: apiKeyHeaders(key()),
      payload: { transaction_id: 1, reason: 'x' },
    })
    expect(res.statusCode).toBe(405)
    expect(res.json().code).toBe('method_not_allowed')
    const header = await p.app.inject({
      method: 'POST',
      url: '/api/refunds/',
      headers: { 'api-key': key() },
      payload: {},
    })
    expect(header.statusCode).toBe(405)
  })
})

describe('get a refund', () => {
  test('by public id or numeric id, within the tenant only', async () => {
    const txId = await paidPayment()
    const created = (await refund(txId, { reason: 'Lookup', amount: '3.00' })).json()
    const byPublic = await p.app.inject({
      url: `/api/refunds/${created.refund_public_id}/`,
      headers: apiKeyHeaders(key()),
    })
    expect(byPublic.statusCode).toBe(200)
    expect(byPublic.json()).toMatchObject({
      id: created.refund_public_id,
      transaction_id: txId,
      amount: '3.00',
      currency: 'USD',
      amount_in_cents: 300,
      amount_usd: '3.00',
      reason: 'Lookup',
      status: 'processing',
    })
    const byNumeric = await p.app.inject({ url: `/api/refunds/${created.refund_id}/`, headers: apiKeyHeaders(key()) })
    expect(byNumeric.json()).toEqual(byPublic.json())
    expect(
      (
        await p.app.inject({
          url: `/api/refunds/${created.refund_public_id}/`,
          headers: apiKeyHeaders(other.productionKey),
        })
      ).statusCode,
    ).toBe(404)
    expect(
      (await p.app.inject({ url: `/api/refunds/${created.refund_id}/`, headers: apiKeyHeaders(m.sandboxKey) }))
        .statusCode,
    ).toBe(404)
    expect((await p.app.inject({ url: '/api/refunds/TXwrongprefix/', headers: apiKeyHeaders(key()) })).statusCode).toBe(
      404,
    )
    await drain()
  })
})
