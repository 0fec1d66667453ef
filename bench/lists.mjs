// Lists on 1,000,000 rows: every filter × ordering × search combination of GET /api/refunds/ (API key)
// and GET /api/payments/ (dashboard token), p99 of sequential requests, plus a deep page by `page`
// against the same page by `cursor`. Rows are seeded with generate_series (row triggers off; counters
// rebuilt). Usage: node bench/lists.mjs [--rows 1000000] [--samples 10]
// Last line: "lists: N of M combinations at p99 ≤ 20 ms …".
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { freshDatabase, machine, startKassa } from './lib.mjs'

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, samples: { type: 'string', default: '10' } },
})
const ROWS = Number(args.rows)
const SAMPLES = Number(args.samples)
const log = (...a) => console.error(new Date().toISOString().slice(11, 19), ...a)
const databaseUrl = await freshDatabase('kassa_bench_lists')
const kassa = await startKassa({ databaseUrl, port: 18110 })
const org = kassa.demo.organization_id
const client = new pg.Client({ connectionString: databaseUrl })
await client.connect()
const login = await (
  await fetch(`${kassa.url}/api/auth/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: kassa.demo.email, password: kassa.demo.password }),
  })
).json()
const apiKey = { authorization: `Api-Key ${kassa.demo.sandbox_api_key}` }
const token = { authorization: `Token ${login.token}` }
await fetch(`${kassa.url}/api/checkout/create/`, {
  method: 'POST',
  headers: { ...apiKey, 'content-type': 'application/json' },
  body: JSON.stringify({
    billing_country: 'US',
    billing_postal_code: '94103',
    billing_first_name: 'Ada',
    billing_last_name: 'Lovelace',
    billing_email: 'ada@example.com',
    currency: 'USD',
    products: [{ id: kassa.demo.product_ids[0], quantity: 1 }],
  }),
})

log(`seeding ${ROWS} payments and ${ROWS} refunds…`)
const seedStarted = Date.now()
await client.query('set session_replication_role = replica')
await client.query(
  `insert into transactions (public_id, organization_id, environment, checkout_session_id, order_id, status, currency,
    gross_amount_minor, tax_amount_minor, fee_amount_minor, net_amount_minor, fx_rate_usd, amount_usd_minor, payer_email, products, created_at)
  select 'TXbench' || g, $1, 'sandbox', (select min(id) from checkout_sessions), 'order-' || g,
    (array['paid', 'paid', 'paid', 'partially_refunded', 'refunded', 'failed', 'processing', 'paid'])[1 + g % 8], 'USD',
    100 + (g * 7919) % 90000, 0, 0, 100 + (g * 7919) % 90000, '1', 100 + (g * 7919) % 90000,
    (array['ada', 'grace', 'alan', 'edsger', 'barbara'])[1 + g % 5] || g || '@' || (array['example.com', 'mail.test'])[1 + g % 2],
    '[]', now() - make_interval(secs => (g * 104729) % (365 * 86400))
  from generate_series(1, $2::bigint) g`,
  [org, ROWS],
)
await client.query(
  `insert into refunds (public_id, organization_id, environment, transaction_id, transaction_public_id, currency, amount_minor,
    fx_rate_usd, amount_usd_minor, reason, status, created_at, updated_at)
  select 'RFbench' || g, $1, 'sandbox', t.id, t.public_id, 'USD', 100 + (g * 7919) % 50000, '1', 100 + (g * 7919) % 50000,
    (array['Customer request', 'Damaged item', 'Late delivery', 'Wrong size', 'Changed mind', 'Item not as described',
           'Never arrived', 'Quality issue', 'Ordered by mistake', 'Better price elsewhere'])[1 + g % 10]
      || case when g % 100 = 7 then ' duplicate charge' else '' end || ' #' || g,
    case when g % 100 < 85 then 'completed' when g % 100 < 90 then 'failed' when g % 100 < 92 then 'rejected'
         when g % 100 < 98 then 'processing' else 'pending' end,
    now() - make_interval(secs => (g * 104729) % (365 * 86400)), now() - make_interval(secs => (g * 104729) % (365 * 86400))
  from generate_series(1, $2::bigint) g
  join transactions t on t.public_id = 'TXbench' || (1 + (g - 1) / 10)`,
  [org, ROWS],
)
await client.query('set session_replication_role = origin')
await client.query(`insert into refund_daily_counts (organization_id, environment, day, status, n)
  select organization_id, environment, (created_at at time zone 'UTC')::date, status, count(*) from refunds where public_id like 'RFbench%' group by 1, 2, 3, 4
  on conflict (organization_id, environment, day, status) do update set n = refund_daily_counts.n + excluded.n`)
await client.query('vacuum analyze refunds')
await client.query('vacuum analyze transactions')
await client.query('vacuum analyze refund_daily_counts')
const seedSeconds = Math.round((Date.now() - seedStarted) / 1000)
log(`seeded in ${seedSeconds} s`)

const day = 86_400_000
const iso = (msAgo) => new Date(Date.now() - msAgo).toISOString()
const dates = [
  null,
  { created_at__gte: iso(30 * day) },
  { created_at__gte: iso(107 * day), created_at__lte: iso(100 * day) },
]
const orderings = ['-created_at', 'created_at', '-amount', 'amount']
const percentile = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]
async function time(url, headers) {
  const times = []
  let res
  for (let i = 0; i < SAMPLES + 1; i++) {
    const t0 = performance.now()
    res = await fetch(url, { headers })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`)
    if (i >= 1) times.push(performance.now() - t0)
  }
  return {
    total: res.headers.get('x-total-count'),
    exact: res.headers.get('x-total-count-exact'),
    cursor: res.headers.get('x-next-cursor'),
    p50: +percentile(times, 50).toFixed(1),
    p99: +percentile(times, 99).toFixed(1),
  }
}
async function matrix(label, path, headers, statuses, searches) {
  const rows = []
  for (const status of statuses)
    for (const range of dates)
      for (const search of searches)
        for (const ordering of orderings) {
          const params = new URLSearchParams({ ordering, page_size: '20' })
          if (label === 'payments') params.set('environment', 'sandbox')
          if (status) params.set('status', status)
          if (search) params.set('search', search)
          for (const [k, v] of Object.entries(range ?? {})) params.set(k, v)
          const r = await time(`${kassa.url}${path}?${params}`, headers)
          rows.push({
            list: label,
            status: status ?? '-',
            dates: range ? Object.keys(range).join('+') : '-',
            search: search ?? '-',
            ordering,
            ...r,
          })
        }
  return rows
}
log('warming up…')
for (let i = 0; i < 30; i++) await fetch(`${kassa.url}/api/refunds/`, { headers: apiKey }).then((r) => r.arrayBuffer())
const started = loadavg()[0]
log('refunds matrix…')
const refunds = await matrix(
  'refunds',
  '/api/refunds/',
  apiKey,
  [null, 'completed', 'pending', 'failed'],
  [null, 'TXbench4242', 'duplicate', '#123457', 'customer'],
)
log('payments matrix…')
const payments = await matrix(
  'payments',
  '/api/payments/',
  token,
  [null, 'paid', 'failed'],
  [null, 'TXbench4242', 'grace', 'edsger77', 'order-31337'],
)
// Deep pages: page 5,000 by offset against the same depth by cursor (walked to it beforehand).
log('deep pages…')
const deep = {}
{
  const q = 'ordering=-created_at&page_size=100'
  deep.refundsPage5000 = await time(`${kassa.url}/api/refunds/?${q}&page=5000`, apiKey)
  const first = await time(`${kassa.url}/api/refunds/?${q}`, apiKey)
  deep.refundsCursor = await time(`${kassa.url}/api/refunds/?${q}&cursor=${first.cursor}`, apiKey)
  const pq = 'environment=sandbox&ordering=-created_at&page_size=100'
  deep.paymentsPage5000 = await time(`${kassa.url}/api/payments/?${pq}&page=5000`, token)
  const pfirst = await time(`${kassa.url}/api/payments/?${pq}`, token)
  deep.paymentsCursor = await time(`${kassa.url}/api/payments/?${pq}&cursor=${pfirst.cursor}`, token)
}
await client.end()
kassa.stop()
const all = [...refunds, ...payments]
const over = all.filter((r) => r.p99 > 20)
const worst = [...all].sort((a, b) => b.p99 - a.p99).slice(0, 15)
const load = [started, loadavg()[0]].map((x) => +x.toFixed(1))
console.log(
  JSON.stringify(
    { machine: machine(), loadAverage: load, rows: ROWS, seedSeconds, worst, over20ms: over, deep, all },
    null,
    2,
  ),
)
const median = (xs) => percentile(xs, 50)
console.log(
  `lists: ${all.length - over.length} of ${all.length} combinations at p99 ≤ 20 ms on ${ROWS} rows (refunds ${refunds.length - refunds.filter((r) => r.p99 > 20).length}/${refunds.length}, payments ${payments.length - payments.filter((r) => r.p99 > 20).length}/${payments.length}); median p99 ${median(all.map((r) => r.p99))} ms, worst ${worst[0].p99} ms; load average ${load.join(' → ')}`,
)
process.exit(0)
