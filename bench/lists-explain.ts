// EXPLAIN ANALYZE of the statements behind GET /api/refunds/ and GET /api/payments/ on the database
// bench/lists.mjs seeded (kassa_bench_lists), built by the same repository functions the routes use.
// Usage: npx tsx bench/lists-explain.ts [--list refunds|payments] [--status S] [--search T]
//          [--ordering=-created_at] [--dates 30d|100-107d] [--all]
//   one combination: both plans in full; --all: every combination of bench/lists.mjs, one line each
//   with the execution time of the page and of the count (database side, no HTTP).
import { parseArgs } from 'node:util'
import { Kysely, PostgresDialect, type Compilable } from 'kysely'
import pg from 'pg'
import type { DB } from '../src/db/schema.ts'
import { countRefundsQuery, listRefundPage, searchMatches } from '../src/modules/refunds/refunds.repository.ts'
import { paymentCountQuery, paymentMatchIds, paymentPageQuery } from '../src/modules/payments/payments.repository.ts'
import { SEARCH_COUNT_BOUND } from '../src/lib/paging.ts'

const { values: args } = parseArgs({
  options: {
    list: { type: 'string', default: 'refunds' },
    status: { type: 'string' },
    search: { type: 'string' },
    ordering: { type: 'string', default: '-created_at' },
    dates: { type: 'string' },
    all: { type: 'boolean', default: false },
  },
})
const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
url.pathname = '/kassa_bench_lists'
const pool = new pg.Pool({ connectionString: url.toString(), max: 2 })
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
const org = Number(
  (await pool.query(`select organization_id from transactions where public_id like 'TXbench%' limit 1`)).rows[0]
    .organization_id,
)
const DAY = 86_400_000
const rangeOf = (dates?: string) =>
  dates === '30d'
    ? { createdFrom: new Date(Date.now() - 30 * DAY) }
    : dates === '100-107d'
      ? { createdFrom: new Date(Date.now() - 107 * DAY), createdTo: new Date(Date.now() - 100 * DAY) }
      : {}
const column = (list: string, ordering: string) =>
  ordering.endsWith('amount')
    ? list === 'payments'
      ? 't.gross_amount_minor'
      : 'amount_minor'
    : list === 'payments'
      ? 't.created_at'
      : 'created_at'

/**
 * The two statements of one request, as the repositories run them: with a search, the match ids
 * first ("count"), then the page from those ids when they are all of them (else the ordered page).
 */
async function statements(
  list: string,
  status: string | undefined,
  search: string | undefined,
  ordering: string,
  dates?: string,
): Promise<[Compilable, Compilable]> {
  const filter: any = { ...(status ? { status } : {}), ...(search ? { search } : {}), ...rangeOf(dates) }
  const direction = ordering.startsWith('-') ? 'desc' : 'asc'
  const order = { column: column(list, ordering), direction } as any
  const scope = { organizationId: org, environment: 'sandbox' as const }
  const payments = list === 'payments'
  if (!search)
    return payments
      ? [paymentPageQuery(db, scope, filter, order, 20, 0), paymentCountQuery(db, scope, filter)]
      : [listRefundPage(db, scope, filter, order, 20, 0), countRefundsQuery(db, scope, filter)]
  const matchIds = payments ? paymentMatchIds(db, scope, filter) : searchMatches(db, scope, filter)
  const ids = (await matchIds.execute()).map((r) => r.id)
  // The page of at most 20 ids the repositories pick in memory from the matches (their first 20 here).
  const source = ids.length <= SEARCH_COUNT_BOUND ? { ids: ids.length ? ids.slice(0, 20) : [0] } : filter
  return [
    payments ? paymentPageQuery(db, scope, source, order, 20, 0) : listRefundPage(db, scope, source, order, 20, 0),
    matchIds,
  ]
}

async function explain(query: Compilable) {
  const { sql, parameters } = query.compile()
  const { rows } = await pool.query(`explain (analyze, buffers) ${sql}`, parameters as unknown[])
  const lines = rows.map((r) => r['QUERY PLAN'] as string)
  const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.at(-1) ?? '')?.[1])
  return { lines, ms }
}

if (args.all) {
  const matrix = {
    refunds: {
      statuses: [undefined, 'completed', 'pending', 'failed'],
      searches: [undefined, 'TXbench4242', 'duplicate', '#123457', 'customer'],
    },
    payments: {
      statuses: [undefined, 'paid', 'failed'],
      searches: [undefined, 'TXbench4242', 'grace', 'edsger77', 'order-31337', '4242'],
    },
  }
  for (const [list, { statuses, searches }] of Object.entries(matrix))
    for (const status of statuses)
      for (const dates of [undefined, '30d', '100-107d'])
        for (const search of searches)
          for (const ordering of ['-created_at', 'created_at', '-amount', 'amount']) {
            const [page, count] = await statements(list, status, search, ordering, dates)
            const [p, c] = [await explain(page), await explain(count)]
            console.log(
              [list, status ?? '-', dates ?? '-', search ?? '-', ordering, `page ${p.ms} ms`, `count ${c.ms} ms`].join(
                '\t',
              ),
            )
          }
} else {
  const [page, count] = await statements(args.list, args.status, args.search, args.ordering, args.dates)
  for (const [name, query] of [
    ['page', page],
    ['count', count],
  ] as const) {
    console.log(`--- ${name}: ${query.compile().sql}\n${(await explain(query)).lines.join('\n')}\n`)
  }
}
await db.destroy()
