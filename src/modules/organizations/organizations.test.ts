import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  createCheckoutViaApi,
  checkoutBody,
  type TestPlatform,
  type Merchant,
} from '../../../test/support/platform.ts'
import { roleTokens, tokenHeaders, type RoleTokens } from '../../../test/support/dashboard.ts'
import { payPayment, settleDeposit } from '../../../test/support/payments.ts'

let p: TestPlatform
let m: Merchant
let other: Merchant
let t: RoleTokens
let otherOwner: string
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  other = await createMerchantFixture(p.ctx)
  t = await roleTokens(p.ctx, p.app, m.organizationId, m)
  otherOwner = (await roleTokens(p.ctx, p.app, other.organizationId, other)).owner
})
afterAll(() => p.close())

const patch = (token: string, payload: unknown) =>
  p.app.inject({ method: 'PATCH', url: '/api/organization/', payload: payload as object, headers: tokenHeaders(token) })

describe('GET /api/organization/', () => {
  test('every role reads its own organization, with read-only settings', async () => {
    for (const token of Object.values(t)) {
      const res = await p.app.inject({ url: '/api/organization/', headers: tokenHeaders(token) })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({
        id: m.organizationId,
        min_payment: '1.00',
        max_payment: '10000.00',
        fees: { percent: '2.90', fixed: '0.30' },
        status: 'active',
        price_mode: 'HT',
      })
    }
    expect((await p.app.inject({ url: '/api/organization/', headers: tokenHeaders(otherOwner) })).json().id).toBe(
      other.organizationId,
    )
  })
})

describe('PATCH /api/organization/', () => {
  test('owners and admins edit; developers and viewers get 403', async () => {
    expect((await patch(t.owner, { name: 'Renamed Shop' })).json().name).toBe('Renamed Shop')
    expect((await patch(t.admin, { telegram: '@renamed_shop', price_mode: 'TTC' })).json()).toMatchObject({
      telegram: '@renamed_shop',
      price_mode: 'TTC',
    })
    for (const role of ['developer', 'viewer'] as const) {
      const res = await patch(t[role], { name: 'Nope' })
      expect(res.statusCode).toBe(403)
      expect(res.json().code).toBe('permission_denied')
    }
    // The other organization is untouched.
    expect((await p.app.inject({ url: '/api/organization/', headers: tokenHeaders(otherOwner) })).json().name).not.toBe(
      'Renamed Shop',
    )
  })

  test('read-only and unknown fields → 400 naming every one, nothing changes', async () => {
    const res = await patch(t.owner, {
      name: 'Sneaky',
      min_payment: '0.01',
      fees: { percent: '0' },
      rolling_reserve_days: 0,
      status: 'active',
      colour: 'blue',
    })
    expect(res.statusCode).toBe(400)
    expect(Object.keys(res.json().errors).sort()).toEqual([
      'colour',
      'fees',
      'min_payment',
      'rolling_reserve_days',
      'status',
    ])
    expect(res.json().errors.min_payment[0]).toMatch(/read-only/)
    expect(res.json().errors.colour[0]).toMatch(/Unknown/)
    expect(res.json().detail).toContain('min_payment')
    expect((await p.app.inject({ url: '/api/organization/', headers: tokenHeaders(t.owner) })).json().name).not.toBe(
      'Sneaky',
    )
  })

  test('bad values → 400 per field', async () => {
    const res = await patch(t.owner, { website: 'not a url', contact_email: 'nope', price_mode: 'XX', name: '' })
    expect(res.statusCode).toBe(400)
    expect(Object.keys(res.json().errors).sort()).toEqual(['contact_email', 'name', 'price_mode', 'website'])
  })

  test('null clears an optional field; every change is audited with before/after', async () => {
    await patch(t.owner, { website: 'https://shop.example' })
    const res = await patch(t.admin, { website: null, contact_email: 'billing@shop.example' })
    expect(res.json()).toMatchObject({ website: null, contact_email: 'billing@shop.example' })
    const log = await p.app.inject({ url: '/api/organization/audit-log/?page_size=1', headers: tokenHeaders(t.owner) })
    expect(log.statusCode).toBe(200)
    const [entry] = log.json()
    expect(entry).toMatchObject({
      action: 'organization.updated',
      target: { type: 'organization', id: String(m.organizationId) },
      before: { website: 'https://shop.example' },
      after: { website: null, contact_email: 'billing@shop.example' },
      ip: '127.0.0.1',
    })
    expect(entry.actor.email).toMatch(/^admin-/)
    expect(Number(log.headers['x-total-count'])).toBeGreaterThan(1)
  })

  test('an unchanged PATCH writes no audit entry', async () => {
    const count = async () =>
      Number(
        (await p.app.inject({ url: '/api/organization/audit-log/', headers: tokenHeaders(t.owner) })).headers[
          'x-total-count'
        ],
      )
    const before = await count()
    const current = (await p.app.inject({ url: '/api/organization/', headers: tokenHeaders(t.owner) })).json()
    expect((await patch(t.owner, { name: current.name })).statusCode).toBe(200)
    expect(await count()).toBe(before)
  })
})

describe('GET /api/organization/dashboard/', () => {
  test('summary, wallet and stats per environment', async () => {
    await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
    await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
    const res = await p.app.inject({ url: '/api/organization/dashboard/', headers: tokenHeaders(t.viewer) })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.environment).toBe('sandbox')
    expect(body.organization.id).toBe(m.organizationId)
    expect(body.stats).toMatchObject({ user_count: 4, transaction_count: 2, paid_count: 0 })
    expect(body.wallet).toEqual({ source: 'ledger', balances: [] })
    expect(body.recent_activity).toEqual([])
    const production = (
      await p.app.inject({
        url: '/api/organization/dashboard/?environment=production',
        headers: tokenHeaders(t.viewer),
      })
    ).json()
    expect(production.stats.transaction_count).toBe(0)
    expect(
      (await p.app.inject({ url: '/api/organization/dashboard/?environment=staging', headers: tokenHeaders(t.viewer) }))
        .statusCode,
    ).toBe(400)
    const otherDash = (
      await p.app.inject({ url: '/api/organization/dashboard/', headers: tokenHeaders(otherOwner) })
    ).json()
    expect(otherDash.stats.transaction_count).toBe(0)
  })

  test('paid and settled payments show in the wallet (from the ledger) and recent activity', async () => {
    const first = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
    const second = await createCheckoutViaApi(
      p.app,
      m.sandboxKey,
      checkoutBody(m.productId, { products: [{ id: m.productId, quantity: 2 }] }),
    )
    await payPayment(p.ctx, first.transaction_id)
    await payPayment(p.ctx, second.transaction_id)
    let body = (await p.app.inject({ url: '/api/organization/dashboard/', headers: tokenHeaders(t.owner) })).json()
    expect(body.wallet.balances).toEqual([
      { currency: 'USD', available: '0.00', pending: '75.00', reserve: '0.00', refund_held: '0.00' },
    ])
    await settleDeposit(p.ctx, first.transaction_id)
    const tx = await p.ctx.db
      .selectFrom('transactions')
      .selectAll()
      .where('public_id', '=', first.transaction_id)
      .executeTakeFirstOrThrow()
    body = (await p.app.inject({ url: '/api/organization/dashboard/', headers: tokenHeaders(t.owner) })).json()
    expect(body.wallet.balances[0]).toMatchObject({
      available: (tx.net_amount_minor / 100).toFixed(2),
      pending: '50.00',
    })
    expect(body.recent_activity[0]).toMatchObject({
      type: 'deposit_settled',
      transaction_id: first.transaction_id,
      available_change: (tx.net_amount_minor / 100).toFixed(2),
      pending_change: '-25.00',
    })
    expect(body.recent_activity[1]).toMatchObject({
      type: 'payment_received',
      transaction_id: second.transaction_id,
      available_change: '0.00',
      pending_change: '50.00',
    })
    expect(body.stats).toMatchObject({ paid_count: 2, gross_volume: [{ currency: 'USD', amount: '75.00' }] })
    // Production and the other organization see none of it.
    const production = (
      await p.app.inject({ url: '/api/organization/dashboard/?environment=production', headers: tokenHeaders(t.owner) })
    ).json()
    expect(production.wallet.balances).toEqual([])
    expect(
      (await p.app.inject({ url: '/api/organization/dashboard/', headers: tokenHeaders(otherOwner) })).json()
        .recent_activity,
    ).toEqual([])
  })

  test('the sandbox mirror refuses production data', async () => {
    const res = await p.app.inject({
      url: '/sandbox/api/organization/dashboard/?environment=production',
      headers: tokenHeaders(t.owner),
    })
    expect(res.statusCode).toBe(403)
  })
})

describe('GET /api/organization/users/', () => {
  test("lists the organization's users only", async () => {
    const users = (await p.app.inject({ url: '/api/organization/users/', headers: tokenHeaders(t.viewer) })).json()
    expect(users.map((u: { role: string }) => u.role).sort()).toEqual(['admin', 'developer', 'owner', 'viewer'])
  })
})

describe('GET /api/organization/audit-log/', () => {
  test('owners and admins only; paging; tenant isolation', async () => {
    expect(
      (await p.app.inject({ url: '/api/organization/audit-log/', headers: tokenHeaders(t.developer) })).statusCode,
    ).toBe(403)
    expect(
      (await p.app.inject({ url: '/api/organization/audit-log/', headers: tokenHeaders(t.viewer) })).statusCode,
    ).toBe(403)
    const page1 = await p.app.inject({
      url: '/api/organization/audit-log/?page=1&page_size=2',
      headers: tokenHeaders(t.admin),
    })
    const page2 = await p.app.inject({
      url: '/api/organization/audit-log/?page=2&page_size=2',
      headers: tokenHeaders(t.admin),
    })
    expect(page1.json()).toHaveLength(2)
    expect(page2.json()[0].id).toBeLessThan(page1.json()[1].id)
    expect(
      (await p.app.inject({ url: '/api/organization/audit-log/?page_size=0', headers: tokenHeaders(t.admin) }))
        .statusCode,
    ).toBe(400)
    const otherLog = (
      await p.app.inject({ url: '/api/organization/audit-log/', headers: tokenHeaders(otherOwner) })
    ).json()
    expect(otherLog.every((e: { action: string }) => e.action === 'user.logged_in')).toBe(true)
  })
})
