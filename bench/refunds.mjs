// Refunds: create p99 at a fixed rate, and list over 1,000,000 refunds for every filter × ordering, on PostgreSQL.
// Usage: node bench/refunds.mjs [--rate 200] [--seconds 20] [--refunds 1000000] [--samples 15] [--payments 1500] [--create-only]
//   (needs PostgreSQL at BENCH_DATABASE_URL or 127.0.0.1:5432; writes nothing but a scratch database)
import { parseArgs } from 'node:util'
import pg from 'pg'
import { register } from 'tsx/esm/api'
import { cannon, freshDatabase, machine, startKassa, summary } from './lib.mjs'

register()
const { openDatabase } = await import('../src/db/database.ts')
const { listRefundPage, countRefundsQuery } = await import('../src/modules/refunds/refunds.repository.ts')
const { payPayment } = await import('../test/support/payments.ts')

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '20' },
    refunds: { type: 'string', default: '1000000' },
    'create-only': { type: 'boolean', default: false },
    samples: { type: 'string', default: '15' },
    payments: { type: 'string', default: '1500' },
  },
})
const RATE = Number(args.rate)
const SECONDS = Number(args.seconds)
const SEED = Number(args.refunds)
const SAMPLES = Number(args.samples)

const databaseUrl = await freshDatabase('kassa_bench_refunds')
const kassa = await startKassa({ databaseUrl, worker: true, env: { REFUND_DELAY_MS: '2000' } })
const key = kassa.demo.sandbox_api_key
const auth = { authorization: `Api-Key ${key}`, 'content-type': 'application/json' }
const client = new pg.Client({ connectionString: databaseUrl })
await client.connect()
const log = (...a) => console.error(new Date().toISOString().slice(11, 19), ...a)

// 1. Paid, settled sandbox payments: checkout through the API, then paid the way the hosted page's
// lifecycle does (status change and ledger postings in one transaction). The page itself is rate-limited
// per client, so it cannot seed thousands of payments.
log(`creating ${args.payments} paid payments…`)
const seedHandle = await openDatabase({ databaseUrl, dataDir: null, poolSize: 4 })
const seedCtx = { db: seedHandle.db, clock: { now: () => new Date() } }
const payments = []
const checkoutBody = JSON.stringify({
  billing_country: 'US',
  billing_postal_code: '94103',
  billing_first_name: 'Ada',
  billing_last_name: 'Lovelace',
  billing_email: 'ada@example.com',
  currency: 'USD',
  products: [{ id: kassa.demo.product_ids[0], quantity: 2 }],
})
async function payOne() {
  const created = await (
    await fetch(`${kassa.url}/api/checkout/create/`, { method: 'POST', headers: auth, body: checkoutBody })
  ).json()
  await payPayment(seedCtx, created.transaction_id, { settled: true })
  payments.push(created.transaction_id)
}
for (let i = 0; i < Number(args.payments); i += 10) await Promise.all(Array.from({ length: 10 }, payOne))
await seedHandle.close()

// 2. Refund create at a fixed rate: 1.00 refunds of random payments (each 50.00, so ~3 refunds each), worker running.
const refundRequest = {
  url: kassa.url,
  headers: auth,
  requests: [
    {
      method: 'POST',
      setupRequest: (req) => ({
        ...req,
        path: `/api/transactions/${payments[Math.floor(Math.random() * payments.length)]}/refund/`,
        body: JSON.stringify({ reason: 'Customer request (bench)', amount: '1.00' }),
      }),
    },
  ],
}
log('refund create warm-up…')
await cannon({ ...refundRequest, duration: 3, overallRate: 50, connections: 10 })
log(`refund create at ${RATE} req/s for ${SECONDS} s…`)
// CPU seconds (user + system) of the Kassa process and of all PostgreSQL processes, from /proc: on a shared
// machine the latency mostly measures the neighbours; CPU per request says what the code costs.
const { readFileSync, readdirSync } = await import('node:fs')
const ticks = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return Number(f[11]) + Number(f[12])
  } catch {
    return 0
  }
}
const postgresTicks = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .reduce((sum, pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres') ? sum + ticks(pid) : sum
      } catch {
        return sum
      }
    }, 0)
const before = { kassa: ticks(kassa.child.pid), postgres: postgresTicks() }
const createRun = await cannon({ ...refundRequest, duration: SECONDS, overallRate: RATE, connections: 20 })
const served = createRun.requests.total
const cpuMsPerRequest = {
  kassa: +(((ticks(kassa.child.pid) - before.kassa) * 10) / served).toFixed(2),
  postgres: +(((postgresTicks() - before.postgres) * 10) / served).toFixed(2),
}
const create = {
  cpuMsPerRequest,
  served,
  ...summary(createRun),
  p90: createRun.latency.p90,
  p97_5: createRun.latency.p97_5,
  max: createRun.latency.max,
  statusCodes: createRun.statusCodeStats,
}
log('create', create)

if (args['create-only']) {
  await client.end()
  kassa.stop()
  console.log(
    JSON.stringify(
      {
        machine: machine(),
        loadAverage: (await import('node:os')).loadavg().map((x) => +x.toFixed(1)),
        create: { rate: RATE, seconds: SECONDS, payments: payments.length, ...create },
      },
      null,
      2,
    ),
  )
  process.exit(0)
}

// 3. One million refunds with SQL (generate_series), on the same organization and environment.
const org = kassa.demo.organization_id
log(`seeding ${SEED} refunds…`)
const seedStarted = Date.now()
await client.query(`set session_replication_role = replica`) // bulk load: row triggers off; the rows respect the invariants and the counts are rebuilt below
await client.query(
  `insert into transactions (public_id, organization_id, environment, checkout_session_id, order_id, status, currency,
    gross_amount_minor, tax_amount_minor, fee_amount_minor, net_amount_minor, fx_rate_usd, amount_usd_minor, payer_email, products, created_at)
  select 'TXbench' || g, $1, 'sandbox', (select min(id) from checkout_sessions), 'bench-order', 'partially_refunded', 'USD',
    1000000, 0, 0, 1000000, '1', 1000000, 'b@example.com', '[]', now() - interval '366 days'
  from generate_series(1, $2::bigint / 10) g`,
  [org, SEED],
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
  [org, SEED],
)
await client.query(`set session_replication_role = origin`)
await client.query(`insert into refund_daily_counts (organization_id, environment, day, status, n)
  select organization_id, environment, (created_at at time zone 'UTC')::date, status, count(*) from refunds where public_id like 'RFbench%' group by 1, 2, 3, 4
  on conflict (organization_id, environment, day, status) do update set n = refund_daily_counts.n + excluded.n`)
await client.query('vacuum analyze refunds')
await client.query('vacuum analyze transactions')
await client.query('vacuum analyze refund_daily_counts')
const seedSeconds = Math.round((Date.now() - seedStarted) / 1000)
const total = Number(
  (await client.query(`select count(*) from refunds where organization_id = $1 and environment = 'sandbox'`, [org]))
    .rows[0].count,
)
log(`seeded in ${seedSeconds} s; the organization has ${total} sandbox refunds`)

// 4. List: every filter combination × every ordering, p99 over sequential requests.
const day = 86_400_000
const iso = (msAgo) => new Date(Date.now() - msAgo).toISOString()
const filters = {
  status: [null, 'completed', 'pending', 'failed'],
  dates: [
    null,
    { created_at__gte: iso(30 * day) },
    { created_at__lte: iso(200 * day) },
    { created_at__gte: iso(107 * day), created_at__lte: iso(100 * day) },
  ],
  search: [null, 'TXbench4242', 'duplicate', '#123457', 'customer'],
}
const orderings = ['-created_at', 'created_at', '-amount', 'amount']
const percentile = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]
const rows = []
log('list: warming up…')
for (let i = 0; i < 50; i++)
  await fetch(`${kassa.url}/api/refunds/?page_size=20`, { headers: auth }).then((r) => r.arrayBuffer())
for (const status of filters.status)
  for (const dates of filters.dates)
    for (const search of filters.search)
      for (const ordering of orderings) {
        const params = new URLSearchParams({ ordering, page_size: '20' })
        if (status) params.set('status', status)
        if (search) params.set('search', search)
        for (const [k, v] of Object.entries(dates ?? {})) params.set(k, v)
        const url = `${kassa.url}/api/refunds/?${params}`
        const times = []
        let count = null
        for (let i = 0; i < SAMPLES + 2; i++) {
          const t0 = performance.now()
          const res = await fetch(url, { headers: auth })
          await res.arrayBuffer()
          if (res.status !== 200) throw new Error(`${url}: ${res.status}`)
          count = res.headers.get('x-total-count')
          if (i >= 2) times.push(performance.now() - t0)
        }
        rows.push({
          status: status ?? '-',
          dates: dates ? Object.keys(dates).join('+') : '-',
          search: search ?? '-',
          ordering,
          total: count,
          p50: +percentile(times, 50).toFixed(1),
          p99: +percentile(times, 99).toFixed(1),
        })
      }
const worst = [...rows].sort((a, b) => b.p99 - a.p99)
const over = rows.filter((r) => r.p99 > 20)
log(`list: ${rows.length} combinations, worst p99 ${worst[0].p99} ms, ${over.length} over 20 ms`)

// 5. Query plans (EXPLAIN ANALYZE) of the page and count statements for representative combinations.
const explainHandle = await openDatabase({ databaseUrl, dataDir: null, poolSize: 2 })
const db = explainHandle.db
const scope = { organizationId: org, environment: 'sandbox' }
const plans = []
const columns = {
  '-created_at': ['created_at', 'desc'],
  created_at: ['created_at', 'asc'],
  '-amount': ['amount_minor', 'desc'],
  amount: ['amount_minor', 'asc'],
}
for (const [label, filter, ordering] of [
  ['no filter, -created_at', {}, '-created_at'],
  ['status=pending, -amount', { status: 'pending' }, '-amount'],
  [
    'created_at 100–107 days ago, amount',
    { createdFrom: new Date(Date.now() - 107 * day), createdTo: new Date(Date.now() - 100 * day) },
    'amount',
  ],
  [
    'status=completed + created_at__gte 30 days, -created_at',
    { status: 'completed', createdFrom: new Date(Date.now() - 30 * day) },
    '-created_at',
  ],
  ['search=duplicate, -created_at', { search: 'duplicate' }, '-created_at'],
  ['search=customer, amount', { search: 'customer' }, 'amount'],
]) {
  const [column, direction] = columns[ordering]
  for (const [kind, query] of [
    ['page', listRefundPage(db, scope, filter, { column, direction }, 20, 0)],
    ['count', countRefundsQuery(db, scope, filter)],
  ]) {
    const compiled = query.compile()
    const { rows: plan } = await client.query(
      `explain (analyze, buffers, costs off) ${compiled.sql}`,
      compiled.parameters,
    )
    plans.push({ label: `${label} — ${kind}`, sql: compiled.sql, plan: plan.map((r) => r['QUERY PLAN']).join('\n') })
  }
}
await explainHandle.close()
await client.end()
kassa.stop()

console.log(
  JSON.stringify(
    {
      machine: machine(),
      loadAverage: (await import('node:os')).loadavg().map((x) => +x.toFixed(1)),
      create: { rate: RATE, seconds: SECONDS, payments: payments.length, ...create },
      seed: { refunds: total, seconds: seedSeconds },
      list: { combinations: rows.length, samplesEach: SAMPLES, worst: worst.slice(0, 12), over20ms: over, all: rows },
      plans,
    },
    null,
    2,
  ),
)
process.exit(0)
