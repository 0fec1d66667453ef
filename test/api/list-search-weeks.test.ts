import { sql } from 'kysely'
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
import { login } from '../support/dashboard.ts'
import { payPayment } from '../support/payments.ts'
import { SEARCH_COUNT_BOUND, searchWeekOf, searchWeeksOf } from '../../src/lib/paging.ts'

// A search with a date range of a few weeks is narrowed to the range's weeks (migration 0018). The
// narrowing must never change a result: every page and X-Total-Count here is compared with the same
// query written plainly in SQL (ILIKE and the range only), for ranges whose bounds sit on week edges,
// open above, wider than the narrowing, more matches than the bound, and amounts full of ties.

let p: TestPlatform
let m: Merchant
let token: string
const HOUR = 3_600_000
const ROWS = 3_000 // one an hour back from now: 125 days
const now = Date.now()

const refunds = (query: string) => p.app.inject({ url: `/api/refunds/${query}`, headers: apiKeyHeaders(m.sandboxKey) })
const payments = (query: string) =>
  p.app.inject({ url: `/api/payments/${query}`, headers: { authorization: `Token ${token}` } })

beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  token = await login(p.app, m.email, m.password)
  const txPublicId = (await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))).transaction_id
  await payPayment(p.ctx, txPublicId, { settled: true })
  const tx = await p.ctx.db
    .selectFrom('transactions')
    .select(['id', 'checkout_session_id'])
    .where('public_id', '=', txPublicId)
    .executeTakeFirstOrThrow()
  const at = new Date(now)
  // 'often' in 2 of 3 rows (more than the bound in a few weeks), 'seldom' in 1 of 40; amounts tie often.
  await sql`set session_replication_role = replica`.execute(p.ctx.db)
  await sql`insert into refunds (public_id, organization_id, environment, transaction_id, transaction_public_id, currency,
      amount_minor, fx_rate_usd, amount_usd_minor, reason, status, created_at, updated_at)
    select 'RFweek' || g, ${m.organizationId}, 'sandbox', ${tx.id}, ${txPublicId}, 'USD', 1 + g % 5, '1', 1 + g % 5,
      case when g % 3 <> 0 then 'often ' else '' end || case when g % 40 = 0 then 'seldom ' else '' end || '#' || g,
      case when g % 4 = 0 then 'failed' else 'completed' end,
      ${at}::timestamptz - make_interval(hours => g), ${at}::timestamptz - make_interval(hours => g)
    from generate_series(1, ${ROWS}) g`.execute(p.ctx.db)
  await sql`insert into transactions (public_id, organization_id, environment, checkout_session_id, order_id, status, currency,
      gross_amount_minor, tax_amount_minor, fee_amount_minor, net_amount_minor, fx_rate_usd, amount_usd_minor, payer_email, products, created_at)
    select 'TXweek' || g, ${m.organizationId}, 'sandbox', ${tx.checkout_session_id}, 'week-' || g,
      case when g % 4 = 0 then 'failed' else 'paid' end, 'USD', 100 + g % 5, 0, 0, 100 + g % 5, '1', 100 + g % 5,
      case when g % 3 <> 0 then 'often' else 'x' end || case when g % 40 = 0 then 'seldom' else '' end || g || '@example.com',
      '[]', ${at}::timestamptz - make_interval(hours => g)
    from generate_series(1, ${ROWS}) g`.execute(p.ctx.db)
  await sql`set session_replication_role = origin`.execute(p.ctx.db)
}, 120_000)
afterAll(() => p.close())

/** Monday 00:00 UTC of the week `weeksAgo` weeks before now's. */
const monday = (weeksAgo: number) => {
  const day = Math.floor(now / (24 * HOUR)) * 24 * HOUR
  const dow = (new Date(day).getUTCDay() + 6) % 7
  return new Date(day - (dow + 7 * weeksAgo) * 24 * HOUR)
}

const RANGES: { name: string; from: Date; to?: Date }[] = [
  { name: 'last 30 days, open above', from: new Date(now - 30 * 24 * HOUR) },
  { name: '7 days, 100 days back', from: new Date(now - 107 * 24 * HOUR), to: new Date(now - 100 * 24 * HOUR) },
  { name: 'whole weeks, Monday to Sunday', from: monday(6), to: new Date(monday(3).getTime() - 1) },
  { name: 'one instant past a Monday', from: new Date(monday(2).getTime() + 1), to: monday(1) },
  { name: 'wider than the narrowing', from: new Date(now - 100 * 24 * HOUR), to: new Date(now - 20 * 24 * HOUR) },
]
const ORDERINGS = {
  created_at: 'created_at',
  '-created_at': 'created_at',
  amount: 'amount_minor',
  '-amount': 'amount_minor',
}

describe('a search over a date range: the same rows and totals as the plain query', () => {
  for (const range of RANGES)
    for (const [list, term, status] of [
      ['refunds', 'often', undefined],
      ['refunds', 'seldom', undefined],
      ['refunds', 'often', 'failed'],
      ['payments', 'often', undefined],
      ['payments', 'seldom', 'failed'],
    ] as const)
      test(`${list} search=${term}${status ? ` status=${status}` : ''}, ${range.name}`, async () => {
        const table = list === 'refunds' ? 'refunds' : 'transactions'
        const text = list === 'refunds' ? sql.ref('reason') : sql.ref('payer_email')
        const amount = list === 'refunds' ? 'amount_minor' : 'gross_amount_minor'
        const where = sql`organization_id = ${m.organizationId} and environment = 'sandbox'
          and ${text} ilike ${`%${term}%`} and created_at >= ${range.from}
          and (${range.to ?? null}::timestamptz is null or created_at <= ${range.to ?? null})
          and (${status ?? null}::text is null or status = ${status ?? null})`
        const matches = Number(
          (
            await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(
              p.ctx.db,
            )
          ).rows[0]?.n,
        )
        for (const [ordering, column] of Object.entries(ORDERINGS)) {
          const by = sql.ref(column === 'amount_minor' ? amount : column)
          const dir = sql.raw(ordering.startsWith('-') ? 'desc' : 'asc')
          for (const page of [1, 3]) {
            const expected = await sql<{ public_id: string }>`select public_id from ${sql.table(table)} where ${where}
              order by ${by} ${dir}, id ${dir} limit 25 offset ${(page - 1) * 25}`.execute(p.ctx.db)
            const params = new URLSearchParams({ search: term, ordering, page_size: '25', page: String(page) })
            params.set('created_at__gte', range.from.toISOString())
            if (range.to) params.set('created_at__lte', range.to.toISOString())
            if (status) params.set('status', status)
            if (list === 'payments') params.set('environment', 'sandbox')
            const res = await (list === 'refunds' ? refunds : payments)(`?${params}`)
            expect(res.statusCode).toBe(200)
            expect((res.json() as { id: string }[]).map((r) => r.id)).toEqual(expected.rows.map((r) => r.public_id))
            expect(res.headers['x-total-count']).toBe(String(Math.min(matches, SEARCH_COUNT_BOUND)))
            expect(res.headers['x-total-count-exact']).toBe(String(matches <= SEARCH_COUNT_BOUND))
          }
        }
      })

  test('the fixture covers both sides of the bound and both kinds of range', () => {
    expect(RANGES.map((r) => searchWeeksOf({ createdFrom: r.from, createdTo: r.to }, new Date(now)) !== null)).toEqual([
      true,
      true,
      true,
      true,
      false,
    ])
  })
})

describe('searchWeekOf', () => {
  test('agrees with the expression the index stores, on week edges and before 2000', async () => {
    const instants = [
      '2000-01-03T00:00:00Z',
      '2000-01-02T23:59:59.999Z',
      '1999-12-27T00:00:00Z',
      '1999-12-20T12:00:00Z',
      '2026-11-30T00:00:00Z',
      '2026-11-29T23:59:59.999Z',
      '2026-12-06T23:59:59.999Z',
    ].map((s) => new Date(s))
    for (const at of instants) {
      const { rows } = await sql<{ w: number }>`select (((${at}::timestamptz at time zone 'UTC')::date
        - date '2000-01-03') / 7) as w`.execute(p.ctx.db)
      expect(searchWeekOf(at), at.toISOString()).toBe(Number(rows[0]?.w))
    }
  })
})
