// Lists on 1,000,000 rows: every filter × ordering × search combination of GET /api/refunds/ (API key),
// GET /api/organization/refunds/ and GET /api/payments/ (dashboard token), p50/p95/p99 of sequential
// requests, plus a deep page by `page` against the same page by `cursor`. Rows are seeded in SQL
// (bench/lists-seed.mjs). Usage: node bench/lists.mjs [--rows 1000000] [--samples 20] [--reuse]
//   --reuse keeps the seeded database (kassa_bench_lists) and its data directory between runs.
// Last line: "lists: N of M combinations at p99 ≤ 20 ms …".
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { ADMIN_URL, freshDatabase, machine, startKassa } from './lib.mjs'
import { seededRows, seedLists } from './lists-seed.mjs'

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    samples: { type: 'string', default: '20' },
    reuse: { type: 'boolean', default: false },
  },
})
const ROWS = Number(args.rows)
const SAMPLES = Number(args.samples)
const log = (...a) => console.error(new Date().toISOString().slice(11, 19), ...a)
const DB_NAME = 'kassa_bench_lists'
const dataDir = join(tmpdir(), 'kassa-bench-lists')
const dbUrl = new URL(ADMIN_URL)
dbUrl.pathname = `/${DB_NAME}`
let databaseUrl = dbUrl.toString()
let reused = false
if (args.reuse && existsSync(join(dataDir, 'demo-credentials.json'))) {
  const probe = new pg.Client({ connectionString: databaseUrl })
  reused = await probe.connect().then(
    async () => (await seededRows(probe).catch(() => 0)) === ROWS,
    () => false,
  )
  await probe.end().catch(() => {})
}
if (!reused) {
  databaseUrl = await freshDatabase(DB_NAME)
  mkdirSync(dataDir, { recursive: true })
  rmSync(join(dataDir, 'demo-credentials.json'), { force: true })
}
const kassa = await startKassa({ databaseUrl, dataDir })
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
let seedSeconds = null
if (!reused) {
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
  await seedLists(client, org, ROWS, log)
  seedSeconds = Math.round((Date.now() - seedStarted) / 1000)
  log(`seeded in ${seedSeconds} s`)
} else log(`reusing the ${ROWS}-row database`)

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
    p95: +percentile(times, 95).toFixed(1),
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
          if (label !== 'refunds') params.set('environment', 'sandbox')
          if (status) params.set('status', status)
          if (search) params.set('search', search)
          for (const [k, v] of Object.entries(range ?? {})) params.set(k, v)
          const r = await time(`${kassa.url}${path}?${params}`, headers)
          if (r.p99 > 20) log(`${label} ${params} p50 ${r.p50} p99 ${r.p99} ms`)
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
// What the machine allows: the same sequential timing of a request that reads nothing (GET /healthz).
const baseline = [await time(`${kassa.url}/healthz`, {})]
log('refunds matrix…')
const refunds = await matrix(
  'refunds',
  '/api/refunds/',
  apiKey,
  [null, 'completed', 'pending', 'failed'],
  [null, 'TXbench4242', 'duplicate', '#123457', 'customer'],
)
log('dashboard refunds matrix…')
const dashboardRefunds = await matrix(
  'dashboard-refunds',
  '/api/organization/refunds/',
  token,
  [null, 'completed', 'pending', 'failed'],
  [null, 'TXbench4242', 'duplicate', '#123457', 'customer'],
)
log('payments matrix…')
const payments = await matrix(
  'payments',
  '/api/payments/',
  token,
  [null, 'paid', 'failed'],
  [null, 'TXbench4242', 'grace', 'edsger77', 'order-31337', '4242'],
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
baseline.push(await time(`${kassa.url}/healthz`, {}))
await client.end()
kassa.stop()
const all = [...refunds, ...dashboardRefunds, ...payments]
const ok = (rows) => `${rows.filter((r) => r.p99 <= 20).length}/${rows.length}`
const over = all.filter((r) => r.p99 > 20)
const worst = [...all].sort((a, b) => b.p99 - a.p99).slice(0, 15)
const load = [started, loadavg()[0]].map((x) => +x.toFixed(1))
console.log(
  JSON.stringify(
    { machine: machine(), loadAverage: load, rows: ROWS, seedSeconds, baseline, worst, over20ms: over, deep, all },
    null,
    2,
  ),
)
const median = (xs) => percentile(xs, 50)
console.log(
  `lists: ${all.length - over.length} of ${all.length} combinations at p99 ≤ 20 ms on ${ROWS} rows (refunds ${ok(refunds)}, dashboard refunds ${ok(dashboardRefunds)}, payments ${ok(payments)}); median p99 ${median(all.map((r) => r.p99))} ms, worst ${worst[0].p99} ms; GET /healthz p99 ${baseline.map((b) => b.p99).join(' / ')} ms; load average ${load.join(' → ')}`,
)
process.exit(0)
