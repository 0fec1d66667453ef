// Checkout create and get payment: Kassa vs the floor (same SQL, nothing else), on PostgreSQL, then
// the same two endpoints of Kassa on embedded PGlite (what a newcomer runs first) against the same floor.
// Usage: node bench/foundation.mjs [--no-pglite] [--profile DIR]
//   (needs PostgreSQL at BENCH_DATABASE_URL or 127.0.0.1:5432). --profile writes a --cpu-prof profile of
//   the PostgreSQL Kassa process (the create and get runs) to DIR.
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { cannon, freshDatabase, machine, measure, startFloor, startKassa } from './lib.mjs'

const { values: args } = parseArgs({
  options: { 'no-pglite': { type: 'boolean', default: false }, profile: { type: 'string' } },
})
const databaseUrl = await freshDatabase('kassa_bench_foundation')
const nodeArgs = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : []
const kassa = await startKassa({ databaseUrl, nodeArgs })
const floor = await startFloor(databaseUrl, kassa.demo.organization_id)
const kassaPid = kassa.child.pid
const floorPid = floor.child.pid

const key = kassa.demo.sandbox_api_key
const body = JSON.stringify({
  billing_country: 'US',
  billing_postal_code: '94103',
  billing_first_name: 'Ada',
  billing_last_name: 'Lovelace',
  billing_email: 'ada@example.com',
  currency: 'USD',
  products: [{ id: kassa.demo.product_ids[0], quantity: 2 }],
})
const kassaCreate = {
  url: `${kassa.url}/api/checkout/create/`,
  method: 'POST',
  headers: { authorization: `Api-Key ${key}`, 'content-type': 'application/json' },
  body,
}
const floorCreate = {
  url: `${floor.url}/checkout`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
}

// Warm up both (JIT, pool, plan caches).
await cannon({ ...kassaCreate, duration: 3 })
await cannon({ ...floorCreate, duration: 3 })

// Fresh statistics, as autovacuum would give a table that has grown: the warm-up inserted thousands of rows.
{
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  await client.query('analyze')
  await client.end()
}

const results = {}
const load = [loadavg()[0]]
results.kassaCreateMax = await measure({ ...kassaCreate, duration: 10 }, kassaPid)
results.floorCreateMax = await measure({ ...floorCreate, duration: 10 }, floorPid)
results.kassaCreate300 = await measure({ ...kassaCreate, duration: 10, overallRate: 300 }, kassaPid)
results.floorCreate300 = await measure({ ...floorCreate, duration: 10, overallRate: 300 }, floorPid)

const created = await (await fetch(kassaCreate.url, { method: 'POST', headers: kassaCreate.headers, body })).json()
const floorTx = await (await fetch(floorCreate.url, { method: 'POST', headers: floorCreate.headers, body })).json()
const kassaGet = {
  url: `${kassa.url}/api/transactions/${created.transaction_id}/`,
  headers: { authorization: `Api-Key ${key}` },
}
const floorGet = { url: `${floor.url}/tx/${floorTx.transaction_id}` }
await cannon({ ...kassaGet, duration: 3 })
results.kassaGetMax = await measure({ ...kassaGet, duration: 10 }, kassaPid)
results.floorGetMax = await measure({ ...floorGet, duration: 10 }, floorPid)
results.kassaGet1000 = await measure({ ...kassaGet, duration: 10, overallRate: 1000, connections: 20 }, kassaPid)
results.floorGet1000 = await measure({ ...floorGet, duration: 10, overallRate: 1000, connections: 20 }, floorPid)
load.push(loadavg()[0])

await kassa.stopAndWait()

// Kassa on PGlite (no DATABASE_URL), the same requests; the floor stays on PostgreSQL.
if (!args['no-pglite']) {
  const lite = await startKassa({ databaseUrl: null })
  const liteKey = lite.demo.sandbox_api_key
  const liteCreate = {
    ...kassaCreate,
    url: `${lite.url}/api/checkout/create/`,
    headers: { ...kassaCreate.headers, authorization: `Api-Key ${liteKey}` },
    body: body.replace(kassa.demo.product_ids[0], lite.demo.product_ids[0]),
  }
  await cannon({ ...liteCreate, duration: 3 })
  results.pgliteCreateMax = await measure({ ...liteCreate, duration: 10 }, lite.child.pid)
  results.floorCreateMax2 = await measure({ ...floorCreate, duration: 10 }, floorPid)
  const liteTx = await (
    await fetch(liteCreate.url, { method: 'POST', headers: liteCreate.headers, body: liteCreate.body })
  ).json()
  const liteGet = {
    url: `${lite.url}/api/transactions/${liteTx.transaction_id}/`,
    headers: { authorization: `Api-Key ${liteKey}` },
  }
  await cannon({ ...liteGet, duration: 3 })
  results.pgliteGetMax = await measure({ ...liteGet, duration: 10 }, lite.child.pid)
  results.floorGetMax2 = await measure({ ...floorGet, duration: 10 }, floorPid)
  lite.stop()
}
floor.child.kill('SIGTERM')
const ratio = (a, b) => `${Math.round((100 * a) / b)}%`
const p99Ratio = (a, b) => `${(a / Math.max(1, b)).toFixed(2)}×`
console.log(JSON.stringify({ machine: machine(), loadAverage: load.map((x) => +x.toFixed(1)), results }, null, 2))
const cpu = (k, f) => `CPU/request ${results[k].cpuMsPerRequest} ms vs floor ${results[f].cpuMsPerRequest} ms`
const lines = []
if (results.pgliteCreateMax) {
  lines.push(
    `PGlite checkout create: Kassa ${results.pgliteCreateMax.rps} req/s vs floor (PostgreSQL) ${results.floorCreateMax2.rps} req/s = ${ratio(results.pgliteCreateMax.rps, results.floorCreateMax2.rps)}`,
    `PGlite get payment: Kassa ${results.pgliteGetMax.rps} req/s vs floor (PostgreSQL) ${results.floorGetMax2.rps} req/s = ${ratio(results.pgliteGetMax.rps, results.floorGetMax2.rps)}`,
  )
}
lines.push(
  `get payment: Kassa ${results.kassaGetMax.rps} req/s vs floor ${results.floorGetMax.rps} req/s = ${ratio(results.kassaGetMax.rps, results.floorGetMax.rps)} (target ≥ 75%); p99 at 1000 req/s ${results.kassaGet1000.p99} ms vs floor ${results.floorGet1000.p99} ms = ${p99Ratio(results.kassaGet1000.p99, results.floorGet1000.p99)} (target ≤ 1.3×); ${cpu('kassaGetMax', 'floorGetMax')}`,
  `checkout create: Kassa ${results.kassaCreateMax.rps} req/s vs floor ${results.floorCreateMax.rps} req/s = ${ratio(results.kassaCreateMax.rps, results.floorCreateMax.rps)} (target ≥ 70%); p99 at 300 req/s ${results.kassaCreate300.p99} ms vs floor ${results.floorCreate300.p99} ms = ${p99Ratio(results.kassaCreate300.p99, results.floorCreate300.p99)} (target ≤ 1.3×); ${cpu('kassaCreateMax', 'floorCreateMax')}; load average ${load.map((x) => x.toFixed(1)).join(' → ')}; ${machine()}`,
)
for (const line of lines) console.log(line)
process.exit(0)
