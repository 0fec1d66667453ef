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
import { COUNT_BOUND, SEARCH_COUNT_BOUND } from '../../src/lib/paging.ts'

let p: TestPlatform
let m: Merchant
let token: string
let txId: number
let txPublicId: string
const BULK = COUNT_BOUND + 25

const refunds = (query: string) => p.app.inject({ url: `/api/refunds/${query}`, headers: apiKeyHeaders(m.sandboxKey) })
const payments = (query: string) =>
  p.app.inject({ url: `/api/payments/${query}`, headers: { authorization: `Token ${token}` } })
const ids = (res: { json(): unknown }) => (res.json() as { id: string | number }[]).map((r) => r.id)
const rels = (link: string) => [...link.matchAll(/rel="([a-z]+)"/g)].map((x) => x[1])
const linkOf = (link: string, rel: string) => new RegExp(`<([^>]+)>; rel="${rel}"`).exec(link)?.[1] ?? null

beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  token = await login(p.app, m.email, m.password)
  txPublicId = (await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))).transaction_id
  await payPayment(p.ctx, txPublicId, { settled: true })
  const tx = await p.ctx.db
    .selectFrom('transactions')
    .select(['id', 'checkout_session_id'])
    .where('public_id', '=', txPublicId)
    .executeTakeFirstOrThrow()
  txId = tx.id
  // Bulk rows straight in SQL (row triggers off): more refunds and payments than the count bound.
  await sql`set session_replication_role = replica`.execute(p.ctx.db)
  await sql`insert into refunds (public_id, organization_id, environment, transaction_id, transaction_public_id, currency,
      amount_minor, fx_rate_usd, amount_usd_minor, reason, status, created_at, updated_at)
    select 'RFbulk' || g, ${m.organizationId}, 'sandbox', ${txId}, ${txPublicId}, 'USD', 1 + g % 50, '1', 1 + g % 50,
      case when g % 2 = 0 then 'Bulk common reason' else 'Bulk other' end || ' #' || g, 'completed',
      now() - make_interval(secs => g), now() - make_interval(secs => g)
    from generate_series(1, ${BULK}) g`.execute(p.ctx.db)
  await sql`insert into transactions (public_id, organization_id, environment, checkout_session_id, order_id, status, currency,
      gross_amount_minor, tax_amount_minor, fee_amount_minor, net_amount_minor, fx_rate_usd, amount_usd_minor, payer_email, products, created_at)
    select 'TXbulk' || g, ${m.organizationId}, 'sandbox', ${tx.checkout_session_id}, 'bulk-' || g, 'paid', 'USD',
      100 + g % 70, 0, 0, 100 + g % 70, '1', 100 + g % 70, 'bulk' || g || '@example.com', '[]', now() - make_interval(secs => g)
    from generate_series(1, ${BULK}) g`.execute(p.ctx.db)
  await sql`set session_replication_role = origin`.execute(p.ctx.db)
  await sql`insert into refund_daily_counts (organization_id, environment, day, status, n)
    select organization_id, environment, (created_at at time zone 'UTC')::date, status, count(*)
    from refunds where public_id like 'RFbulk%' group by 1, 2, 3, 4
    on conflict (organization_id, environment, day, status) do update set n = refund_daily_counts.n + excluded.n`.execute(
    p.ctx.db,
  )
}, 120_000)
afterAll(() => p.close())

describe('X-Total-Count bounded for row-by-row counts', () => {
  test('a refunds search matching more than the bound reports the bound as a lower bound, no Link last', async () => {
    const res = await refunds('?search=bulk&page_size=50')
    expect(res.statusCode).toBe(200)
    expect(res.headers['x-total-count']).toBe(String(SEARCH_COUNT_BOUND))
    expect(res.headers['x-total-count-exact']).toBe('false')
    const link = String(res.headers.link)
    expect(rels(link)).toEqual(['next', 'first'])
    expect(linkOf(link, 'next')).toContain('page=2')
  })

  test('a search under the bound is exact, with Link last', async () => {
    const res = await refunds('?search=%231234&page_size=5')
    expect(res.headers['x-total-count']).toBe('1')
    expect(res.headers['x-total-count-exact']).toBe('true')
    expect(rels(String(res.headers.link))).toEqual(['first', 'last'])
  })

  test('an unfiltered refunds list stays exact beyond the bound (day counts)', async () => {
    const res = await refunds('?page_size=1')
    expect(Number(res.headers['x-total-count'])).toBe(BULK)
    expect(res.headers['x-total-count-exact']).toBe('true')
    expect(linkOf(String(res.headers.link), 'last')).toContain(`page=${BULK}`)
  })

  test('the payments list: bounded beyond the bound, exact under it', async () => {
    const all = await payments('?environment=sandbox&page_size=10')
    expect(all.statusCode).toBe(200)
    expect(all.headers['x-total-count']).toBe(String(COUNT_BOUND))
    expect(all.headers['x-total-count-exact']).toBe('false')
    expect(rels(String(all.headers.link))).toEqual(['next', 'first'])
    const searched = await payments('?environment=sandbox&search=bulk&page_size=10')
    expect(searched.headers['x-total-count']).toBe(String(SEARCH_COUNT_BOUND))
    expect(searched.headers['x-total-count-exact']).toBe('false')
    const few = await payments(`?environment=sandbox&search=${txPublicId}`)
    expect(few.headers['x-total-count']).toBe('1')
    expect(few.headers['x-total-count-exact']).toBe('true')
    expect(rels(String(few.headers.link))).toEqual(['first', 'last'])
  })

  test('a search just under its bound is exact', async () => {
    const res = await refunds(`?search=${encodeURIComponent(`#${BULK - 2}`)}`)
    expect(res.headers['x-total-count']).toBe('1')
    // bulk99 is in the emails of payments 99, 990–999 and 9900–9999: 111, under the bound, so exact.
    const under = await payments('?environment=sandbox&search=bulk99&page_size=1')
    expect(under.headers['x-total-count']).toBe('111')
    expect(under.headers['x-total-count-exact']).toBe('true')
  })

  test('past the end of a bounded list: empty page, no next', async () => {
    const res = await refunds(`?search=bulk&page_size=100&page=${Math.ceil(BULK / 100) + 1}`)
    expect(res.json()).toEqual([])
    expect(rels(String(res.headers.link))).toEqual(['prev', 'first'])
  })
})

describe('keyset pagination (cursor)', () => {
  for (const ordering of ['-created_at', 'amount']) {
    test(`walking by cursor gives the same rows as walking by page (${ordering}, refunds)`, async () => {
      const byPage: (string | number)[] = []
      for (let page = 1; page <= 3; page++)
        byPage.push(...ids(await refunds(`?search=common&ordering=${ordering}&page_size=7&page=${page}`)))
      const byCursor: (string | number)[] = []
      let res = await refunds(`?search=common&ordering=${ordering}&page_size=7`)
      byCursor.push(...ids(res))
      for (let i = 0; i < 2; i++) {
        const cursor = String(res.headers['x-next-cursor'])
        res = await refunds(`?search=common&ordering=${ordering}&page_size=7&cursor=${cursor}`)
        expect(res.statusCode).toBe(200)
        const next = linkOf(String(res.headers.link), 'next')
        expect(next).toContain('cursor=')
        expect(next).toContain('search=common')
        expect(next).not.toContain('page=')
        byCursor.push(...ids(res))
      }
      expect(byCursor).toEqual(byPage)
      expect(new Set(byCursor).size).toBe(21)
    })
  }

  test('a search under its bound pages from its matches: same rows by page and by cursor, in order', async () => {
    // #99 is in the reasons of refunds 99, 990–999 and 9900–9999: 111 matches, under the bound.
    const query = `?search=${encodeURIComponent('#99')}&ordering=-amount&page_size=50`
    const byPage: (string | number)[] = []
    for (let page = 1; page <= 3; page++) byPage.push(...ids(await refunds(`${query}&page=${page}`)))
    expect(byPage).toHaveLength(111)
    let res = await refunds(query)
    expect(res.headers['x-total-count']).toBe('111')
    const walked = [...(res.json() as { id: string | number; amount: string }[])]
    while (res.headers['x-next-cursor']) {
      res = await refunds(`${query}&cursor=${res.headers['x-next-cursor']}`)
      walked.push(...(res.json() as { id: string | number; amount: string }[]))
    }
    expect(walked.map((r) => r.id)).toEqual(byPage)
    const amounts = walked.map((r) => Number(r.amount))
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a))
    const emptyStatus = await refunds(`?search=${encodeURIComponent('#99')}&status=failed`)
    expect(emptyStatus.json()).toEqual([])
    expect(emptyStatus.headers['x-total-count']).toBe('0')
  })

  test('the payments list walks by cursor too, following Link next', async () => {
    const first = await payments('?environment=sandbox&ordering=-amount&page_size=4')
    const second = await payments('?environment=sandbox&ordering=-amount&page_size=4&page=2')
    const next = linkOf(String(first.headers.link), 'next')
    expect(next).toContain('page=2')
    const cursor = String(first.headers['x-next-cursor'])
    const byCursor = await payments(`?environment=sandbox&ordering=-amount&page_size=4&cursor=${cursor}`)
    expect(byCursor.statusCode).toBe(200)
    expect(ids(byCursor)).toEqual(ids(second))
    const followed = new URL(linkOf(String(byCursor.headers.link), 'next') as string)
    const third = await payments(`${followed.search}`)
    expect(ids(third)).toEqual(ids(await payments('?environment=sandbox&ordering=-amount&page_size=4&page=3')))
  })

  test('a last page by cursor has no next and no X-Next-Cursor', async () => {
    const res = await refunds('?search=%231234&page_size=5')
    expect(res.headers['x-next-cursor']).toBeUndefined()
  })

  test('a malformed cursor, or one made for another ordering, is a 400 naming cursor', async () => {
    for (const cursor of ['not a cursor!', 'Zm9vOmJhcg']) {
      const res = await refunds(`?cursor=${encodeURIComponent(cursor)}`)
      expect(res.statusCode).toBe(400)
      expect(JSON.stringify(res.json())).toContain('cursor')
    }
    const made = String((await refunds('?ordering=amount&page_size=2')).headers['x-next-cursor'])
    const res = await refunds(`?ordering=-amount&cursor=${made}`)
    expect(res.statusCode).toBe(400)
    expect(JSON.stringify(res.json())).toContain('cursor')
  })
})
