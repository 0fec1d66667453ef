import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { FAKE_PROVIDER_ENV, payPayment, scriptedRefunds } from '../support/payments.ts'
import { createWorker } from '../../src/worker/registry.ts'

let p: TestPlatform
let m: Merchant
let other: Merchant
const payments: string[] = []
const created: { id: string; tx: string; amount: string; reason: string; at: Date }[] = []
let start: Date

const list = (query = '', key = m.productionKey) =>
  p.app.inject({ url: `/api/refunds/${query}`, headers: apiKeyHeaders(key) })
const ids = (res: { json(): any }) => (res.json() as { id: string }[]).map((r) => r.id)

beforeAll(async () => {
  p = await createTestPlatform({ env: FAKE_PROVIDER_ENV })
  m = await createMerchantFixture(p.ctx)
  other = await createMerchantFixture(p.ctx)
  for (let i = 0; i < 4; i++) {
    const checkout = await createCheckoutViaApi(p.app, m.productionKey, checkoutBody(m.usdOnlyProductId))
    await payPayment(p.ctx, checkout.transaction_id, { settled: true })
    payments.push(checkout.transaction_id)
  }
  scriptedRefunds.set(`sim_${payments[3]}`, 'failed')
  start = p.clock.now()
  const plan = [
    [0, '12.00', 'Damaged item'],
    [0, '3.50', 'Late delivery'],
    [1, '30.00', 'damaged box'],
    [1, '7.25', 'Wrong size'],
    [2, '1.00', '100% unhappy'],
    [3, '45.00', 'Duplicate charge'],
    [2, '19.99', 'Other'],
  ] as const
  for (const [payment, amount, reason] of plan) {
    p.clock.advance(60_000)
    const res = await p.app.inject({
      method: 'POST',
      url: `/api/transactions/${payments[payment]}/refund/`,
      headers: apiKeyHeaders(m.productionKey),
      payload: { reason, amount },
    })
    if (res.statusCode !== 200) throw new Error(res.body)
    created.push({ id: res.json().refund_public_id, tx: payments[payment], amount, reason, at: p.clock.now() })
    if (created.length === 4) await createWorker(p.ctx).drain()
  }
  await createWorker(p.ctx).drain()
  // The stored creation times (the clock moved while each request ran).
  const stored = await p.ctx.db.selectFrom('refunds').select(['public_id', 'created_at']).execute()
  for (const r of created) r.at = stored.find((s) => s.public_id === r.id)!.created_at
})
afterAll(() => p.close())

describe('list refunds', () => {
  test('newest first by default, the documented item shape, X-Total-Count and Link', async () => {
    const res = await list()
    expect(res.statusCode).toBe(200)
    expect(res.headers['x-total-count']).toBe('7')
    expect(ids(res)).toEqual([...created].reverse().map((r) => r.id))
    const item = res.json()[0]
    expect(Object.keys(item).sort()).toEqual([
      'amount',
      'amount_in_cents',
      'amount_usd',
      'created_at',
      'currency',
      'fx_rate',
      'id',
      'numeric_id',
      'reason',
      'status',
      'transaction_id',
      'updated_at',
    ])
    expect(item).toMatchObject({
      id: created[6].id,
      transaction_id: payments[2],
      amount: '19.99',
      amount_in_cents: 1999,
      amount_usd: '19.99',
      currency: 'USD',
      reason: 'Other',
    })
    expect(res.headers.link).toContain('rel="first"')
    expect(res.headers.link).not.toContain('rel="next"')
  })

  test('paging: page_size, next/prev links that keep the filters', async () => {
    const first = await list('?page_size=3&ordering=amount')
    expect(first.headers['x-total-count']).toBe('7')
    expect(first.json().map((r: any) => r.amount)).toEqual(['1.00', '3.50', '7.25'])
    const link = String(first.headers.link)
    expect(link).toMatch(/<http:\/\/127\.0\.0\.1:8080\/api\/refunds\/\?[^>]*page=2[^>]*>; rel="next"/)
    expect(link).toContain('ordering=amount')
    expect(link).not.toContain('rel="prev"')
    const next = /<([^>]+)>; rel="next"/.exec(link)![1].replace('http://127.0.0.1:8080', '')
    const second = await p.app.inject({ url: next, headers: apiKeyHeaders(m.productionKey) })
    expect(second.json().map((r: any) => r.amount)).toEqual(['12.00', '19.99', '30.00'])
    expect(second.headers.link).toContain('rel="prev"')
    expect(second.headers.link).toContain('rel="next"')
    const third = await list('?page_size=3&ordering=amount&page=3')
    expect(third.json().map((r: any) => r.amount)).toEqual(['45.00'])
    expect(third.headers.link).not.toContain('rel="next"')
    const beyond = await list('?page_size=3&page=9')
    expect(beyond.statusCode).toBe(200)
    expect(beyond.json()).toEqual([])
    expect(beyond.headers['x-total-count']).toBe('7')
  })

  test('page_size defaults to 20 and allows 100', async () => {
    expect(String((await list()).headers.link)).toContain('page_size=20')
    expect((await list('?page_size=100')).statusCode).toBe(200)
  })

  test('ordering by amount and created_at, both directions', async () => {
    const byAmount = created
      .map((r) => r)
      .sort((a, b) => Number(a.amount) - Number(b.amount))
      .map((r) => r.id)
    expect(ids(await list('?ordering=amount'))).toEqual(byAmount)
    expect(ids(await list('?ordering=-amount'))).toEqual([...byAmount].reverse())
    expect(ids(await list('?ordering=created_at'))).toEqual(created.map((r) => r.id))
    expect(ids(await list('?ordering=-created_at'))).toEqual([...created].reverse().map((r) => r.id))
  })

  test('status filter', async () => {
    const failed = await list('?status=failed')
    expect(ids(failed)).toEqual([created[5].id])
    expect(failed.json()[0].status).toBe('failed')
    const completed = await list('?status=completed&ordering=created_at')
    expect(completed.json().every((r: any) => r.status === 'completed')).toBe(true)
    expect(completed.headers['x-total-count']).toBe('6')
    expect((await list('?status=pending')).json()).toEqual([])
  })

  test('created_at range (inclusive)', async () => {
    const from = created[2].at.toISOString()
    const to = created[4].at.toISOString()
    expect(ids(await list(`?ordering=created_at&created_at__gte=${from}&created_at__lte=${to}`))).toEqual([
      created[2].id,
      created[3].id,
      created[4].id,
    ])
    expect(ids(await list(`?created_at__gte=${encodeURIComponent(created[6].at.toISOString())}`))).toEqual([
      created[6].id,
    ])
    const day = start.toISOString().slice(0, 10)
    expect((await list(`?created_at__lte=${day}`)).json()).toEqual([])
  })

  test('search by payment public id, numeric payment id, or reason text (case-insensitive, literal)', async () => {
    expect(ids(await list(`?search=${payments[1]}&ordering=created_at`))).toEqual([created[2].id, created[3].id])
    const tx = await p.app.inject({ url: `/api/transactions/${payments[0]}/`, headers: apiKeyHeaders(m.productionKey) })
    const numeric = String(tx.json().numeric_id)
    const expected = created.filter((r) => r.tx === payments[0] || r.reason.includes(numeric)).map((r) => r.id)
    expect(expected.length).toBeGreaterThanOrEqual(2)
    expect(ids(await list(`?search=${numeric}&ordering=created_at`))).toEqual(expected)
    expect(ids(await list('?search=DAMAGED&ordering=created_at'))).toEqual([created[0].id, created[2].id])
    expect(ids(await list(`?search=${encodeURIComponent('100%')}`))).toEqual([created[4].id])
    expect(ids(await list(`?search=${encodeURIComponent('%')}`))).toEqual([created[4].id])
    expect((await list('?search=nothing-like-this')).json()).toEqual([])
    const combined = await list(`?search=damaged&status=completed&created_at__gte=${created[1].at.toISOString()}`)
    expect(ids(combined)).toEqual([created[2].id])
  })

  test.each([
    ['status=done', 'status'],
    ['ordering=reason', 'ordering'],
    ['page=0', 'page'],
    ['page=abc', 'page'],
    ['page_size=0', 'page_size'],
    ['page_size=101', 'page_size'],
    ['created_at__gte=yesterday', 'created_at__gte'],
    ['created_at__lte=2026-13-45T00:00:00Z', 'created_at__lte'],
  ])('bad filter %s → 400 naming %s', async (query, field) => {
    const res = await list(`?${query}`)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('validation_error')
    expect(Object.keys(res.json().errors)).toContain(field)
  })

  test('tenant isolation: another organization and the other environment see none of them', async () => {
    const theirs = await list('', other.productionKey)
    expect(theirs.json()).toEqual([])
    expect(theirs.headers['x-total-count']).toBe('0')
    expect((await list('', m.sandboxKey)).json()).toEqual([])
    expect((await list(`?search=${payments[0]}`, other.productionKey)).json()).toEqual([])
  })

  test('the sandbox mirror lists sandbox refunds only', async () => {
    const res = await p.app.inject({ url: '/sandbox/api/refunds/', headers: apiKeyHeaders(m.sandboxKey) })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual([])
    expect(res.headers.link).toContain('/sandbox/api/refunds/')
  })
})

describe('X-Total-Count over many days (whole days from the daily counts, edges counted)', () => {
  test('equals a direct count for random date ranges and statuses', async () => {
    const merchant = await createMerchantFixture(p.ctx)
    const txs: string[] = []
    for (let i = 0; i < 3; i++) {
      const checkout = await createCheckoutViaApi(
        p.app,
        merchant.productionKey,
        checkoutBody(merchant.usdOnlyProductId),
      )
      await payPayment(p.ctx, checkout.transaction_id, { settled: true })
      txs.push(checkout.transaction_id)
    }
    scriptedRefunds.set(`sim_${txs[2]}`, 'failed')
    for (let i = 0; i < 14; i++) {
      p.clock.advance(9 * 3_600_000 + 123_456) // ~9 h apart: several per day, crossing midnights
      const res = await p.app.inject({
        method: 'POST',
        url: `/api/transactions/${txs[i % 3]}/refund/`,
        headers: apiKeyHeaders(merchant.productionKey),
        payload: { reason: `r${i}`, amount: '1.00' },
      })
      expect(res.statusCode).toBe(200)
      if (i % 4 === 0) await createWorker(p.ctx).drain()
    }
    const rows = await p.ctx.db
      .selectFrom('refunds')
      .select(['created_at', 'status'])
      .where('organization_id', '=', merchant.organizationId)
      .execute()
    const first = Math.min(...rows.map((r) => r.created_at.getTime()))
    const last = Math.max(...rows.map((r) => r.created_at.getTime()))
    const DAY = 86_400_000
    const instant = fc.oneof(
      fc.integer({ min: first - DAY, max: last + DAY }),
      fc.integer({ min: Math.floor(first / DAY) - 1, max: Math.ceil(last / DAY) + 1 }).map((d) => d * DAY), // midnights
      fc.constantFrom(...rows.map((r) => r.created_at.getTime())), // exactly on a refund
    )
    await fc.assert(
      fc.asyncProperty(
        fc.option(instant),
        fc.option(instant),
        fc.option(fc.constantFrom('processing', 'completed', 'failed')),
        async (from, to, status) => {
          const query = new URLSearchParams({ page_size: '100' })
          if (from !== null) query.set('created_at__gte', new Date(from).toISOString())
          if (to !== null) query.set('created_at__lte', new Date(to).toISOString())
          if (status !== null) query.set('status', status)
          const res = await p.app.inject({
            url: `/api/refunds/?${query}`,
            headers: apiKeyHeaders(merchant.productionKey),
          })
          const expected = rows.filter(
            (r) =>
              (from === null || r.created_at.getTime() >= from) &&
              (to === null || r.created_at.getTime() <= to) &&
              (status === null || r.status === status),
          ).length
          expect(res.headers['x-total-count']).toBe(String(expected))
          expect(res.json()).toHaveLength(expected)
        },
      ),
      { numRuns: 150 },
    )
  })
})
