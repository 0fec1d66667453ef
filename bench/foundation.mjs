// Checkout create and get payment: Kassa vs the floor (same SQL, nothing else), on PostgreSQL.
// Usage: node bench/foundation.mjs   (needs PostgreSQL at BENCH_DATABASE_URL or 127.0.0.1:5432)
import { spawn } from 'node:child_process'
import { cannon, freshDatabase, machine, startKassa, summary, waitForLine } from './lib.mjs'

const databaseUrl = await freshDatabase('kassa_bench_foundation')
const kassa = await startKassa({ databaseUrl, port: 18080 })
const floor = spawn(process.execPath, ['bench/floor-server.mjs'], {
  env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '18081', FLOOR_ORG_ID: String(kassa.demo.organization_id) },
  stdio: ['ignore', 'pipe', 'pipe'],
})
await waitForLine(floor, /floor listening/)

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
  url: 'http://127.0.0.1:18081/checkout',
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
results.kassaCreateMax = summary(await cannon({ ...kassaCreate, duration: 10 }))
results.floorCreateMax = summary(await cannon({ ...floorCreate, duration: 10 }))
results.kassaCreate300 = summary(await cannon({ ...kassaCreate, duration: 10, overallRate: 300 }))
results.floorCreate300 = summary(await cannon({ ...floorCreate, duration: 10, overallRate: 300 }))

const created = await (await fetch(kassaCreate.url, { method: 'POST', headers: kassaCreate.headers, body })).json()
const floorTx = await (await fetch(floorCreate.url, { method: 'POST', headers: floorCreate.headers, body })).json()
const kassaGet = {
  url: `${kassa.url}/api/transactions/${created.transaction_id}/`,
  headers: { authorization: `Api-Key ${key}` },
}
const floorGet = { url: `http://127.0.0.1:18081/tx/${floorTx.transaction_id}` }
await cannon({ ...kassaGet, duration: 3 })
results.kassaGetMax = summary(await cannon({ ...kassaGet, duration: 10 }))
results.floorGetMax = summary(await cannon({ ...floorGet, duration: 10 }))
results.kassaGet1000 = summary(await cannon({ ...kassaGet, duration: 10, overallRate: 1000, connections: 20 }))
results.floorGet1000 = summary(await cannon({ ...floorGet, duration: 10, overallRate: 1000, connections: 20 }))

kassa.stop()
floor.kill('SIGTERM')
const ratio = (a, b) => `${Math.round((100 * a) / b)}%`
console.log(JSON.stringify({ machine: machine(), results }, null, 2))
console.log(
  `checkout create: Kassa ${results.kassaCreateMax.rps} req/s vs floor ${results.floorCreateMax.rps} req/s = ${ratio(results.kassaCreateMax.rps, results.floorCreateMax.rps)}; p99 at 300 req/s: ${results.kassaCreate300.p99} ms`,
)
console.log(
  `get payment: Kassa ${results.kassaGetMax.rps} req/s vs floor ${results.floorGetMax.rps} req/s = ${ratio(results.kassaGetMax.rps, results.floorGetMax.rps)}; p99 at 1000 req/s: ${results.kassaGet1000.p99} ms`,
)
process.exit(0)
