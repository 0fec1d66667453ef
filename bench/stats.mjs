// Overview charts: GET /api/organization/stats/ over 1,000,000 payments (and 100,000 refunds) of one
// merchant spread over 90 days, on PostgreSQL. Target: < 100 ms for 7, 30 and 90 days.
// Usage: node bench/stats.mjs [--payments 1000000] [--refunds 100000] [--samples 40]
//   (needs PostgreSQL at BENCH_DATABASE_URL or 127.0.0.1:5432; writes nothing but a scratch database)
import { parseArgs } from 'node:util'
import pg from 'pg'
import { freshDatabase, machine, startKassa } from './lib.mjs'

const { values: args } = parseArgs({
  options: {
    payments: { type: 'string', default: '1000000' },
    refunds: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '40' },
  },
})
const PAYMENTS = Number(args.payments)
const REFUNDS = Number(args.refunds)
const SAMPLES = Number(args.samples)
const log = (...a) => console.error(new Date().toISOString().slice(11, 19), ...a)

const databaseUrl = await freshDatabase('kassa_bench_stats')
const kassa = await startKassa({ databaseUrl })
const org = kassa.demo.organization_id
const client = new pg.Client({ connectionString: databaseUrl })
await client.connect()

// Seeding in SQL with generate_series: the per-row triggers are switched off for the bulk insert and
// their aggregates rebuilt with one GROUP BY each (what migration 12 does for existing rows).
log(`seeding ${PAYMENTS} payments and ${REFUNDS} refunds…`)
const seedStarted = performance.now()
await client.query(`alter table transactions disable trigger payments_daily_stats`)
await client.query(`alter table refunds disable trigger user`)
const {
  rows: [session],
} = await client.query(
  `insert into checkout_sessions (public_id, organization_id, environment, currency, line_items, pricing_mode, tax_rate_bp,
     subtotal_minor, tax_minor, total_minor, billing_country, billing_first_name, billing_last_name, billing_email, expires_at)
   values ('bench-session', $1, 'sandbox', 'USD', '[]', 'TAX_EXCLUSIVE', 0, 2500, 0, 2500, 'US', 'Ada', 'Lovelace', 'ada@example.com', now())
   returning id`,
  [org],
)
// Statuses in realistic shares: 70% paid, 10% failed, 8% incomplete, 4% attempted and processing, 8% refunded.
await client.query(
  `insert into transactions (public_id, organization_id, environment, checkout_session_id, order_id, status, currency,
     gross_amount_minor, tax_amount_minor, fee_amount_minor, net_amount_minor, fx_rate_usd, amount_usd_minor,
     payer_email, products, paid_at, first_attempt_at, created_at, updated_at)
   select 'TXbench' || g, $1, 'sandbox', $2, 'order-' || g,
          case when g % 100 < 70 then 'paid' when g % 100 < 80 then 'failed' when g % 100 < 92 then 'processing'
               else 'partially_refunded' end,
          case when g % 5 = 0 then 'EUR' else 'USD' end,
          1000 + (g % 9000), 0, 59, 1000 + (g % 9000) - 59, '1', 1000 + (g % 9000),
          'buyer' || (g % 5000) || '@example.com', '[]',
          case when g % 100 < 70 or g % 100 >= 92 then at end,
          case when g % 100 between 80 and 87 then null else at end,
          at, at
     from (select g, now() - (g % 90) * interval '1 day' - (g % 86400) * interval '1 second' as at
             from generate_series(1, $3::int) g) s`,
  [org, session.id, PAYMENTS],
)
await client.query(
  `insert into refunds (public_id, organization_id, environment, transaction_id, transaction_public_id, currency,
     amount_minor, fx_rate_usd, amount_usd_minor, reason, status, created_at, updated_at)
   select 'RFbench' || t.id, t.organization_id, t.environment, t.id, t.public_id, t.currency, 500, '1', 500,
          'bench', case when t.id % 10 = 0 then 'failed' else 'completed' end, t.created_at, t.created_at
     from transactions t where t.status = 'partially_refunded' and t.organization_id = $1 limit $2`,
  [org, REFUNDS],
)
await client.query(`insert into payment_daily_stats (organization_id, environment, day, currency, status, attempted, n, gross_minor)
  select organization_id, environment, (created_at at time zone 'UTC')::date, currency, status,
         first_attempt_at is not null, count(*), sum(gross_amount_minor)
    from transactions group by 1, 2, 3, 4, 5, 6
  on conflict (organization_id, environment, day, currency, status, attempted)
  do update set n = excluded.n, gross_minor = excluded.gross_minor`)
await client.query(`insert into refund_daily_stats (organization_id, environment, day, currency, status, n, amount_minor)
  select organization_id, environment, (created_at at time zone 'UTC')::date, currency, status, count(*), sum(amount_minor)
    from refunds group by 1, 2, 3, 4, 5
  on conflict (organization_id, environment, day, currency, status)
  do update set n = excluded.n, amount_minor = excluded.amount_minor`)
await client.query(`alter table transactions enable trigger payments_daily_stats`)
await client.query(`alter table refunds enable trigger user`)
await client.query(`vacuum analyze transactions`)
await client.query(`analyze payment_daily_stats`)
await client.query(`analyze refund_daily_stats`)
log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`)

const login = await (
  await fetch(`${kassa.url}/api/auth/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: kassa.demo.email, password: kassa.demo.password }),
  })
).json()
const headers = { authorization: `Token ${login.token}` }
const day = (offset) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10)

const results = {}
for (const days of [7, 30, 90]) {
  const url = `${kassa.url}/api/organization/stats/?from=${day(days - 1)}&to=${day(0)}&interval=day`
  const check = await (await fetch(url, { headers })).json()
  const counted = check.currencies.reduce((n, c) => n + c.payment_count + c.incomplete_count, 0)
  for (let i = 0; i < 5; i++) await fetch(url, { headers }) // warm-up
  const ms = []
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now()
    const res = await fetch(url, { headers })
    await res.arrayBuffer()
    ms.push(performance.now() - started)
  }
  ms.sort((a, b) => a - b)
  const at = (q) => +ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1)
  results[`${days}d`] = { paymentsInRange: counted, p50: at(0.5), p95: at(0.95), max: at(1) }
  log(`${days} days`, results[`${days}d`])
}
const {
  rows: [plan],
} = await client.query(
  `explain (analyze, format json) select * from payment_daily_stats
    where organization_id = $1 and environment = 'sandbox' and day between $2::date and $3::date and n > 0`,
  [org, day(89), day(0)],
)
const top = plan['QUERY PLAN'][0]
console.log(
  JSON.stringify(
    {
      machine: machine(),
      payments: PAYMENTS,
      refunds: REFUNDS,
      httpMs: results,
      query90d: { node: top.Plan['Node Type'], index: top.Plan['Index Name'] ?? null, ms: top['Execution Time'] },
    },
    null,
    2,
  ),
)
await client.end()
kassa.stop()
