// Database transactions per request of the hot endpoints (checkout create, get payment, refund create),
// from pg_stat_database.xact_commit: every autocommit statement and every BEGIN…COMMIT counts once.
// Usage: node bench/statements.mjs [--requests 200]   Last line: "statements: …".
import { parseArgs } from 'node:util'
import pg from 'pg'
import { freshDatabase, machine, startKassa } from './lib.mjs'

const { values: args } = parseArgs({ options: { requests: { type: 'string', default: '200' } } })
const N = Number(args.requests)
const databaseUrl = await freshDatabase('kassa_bench_statements')
const kassa = await startKassa({ databaseUrl })
const client = new pg.Client({ connectionString: databaseUrl })
await client.connect()
const auth = { authorization: `Api-Key ${kassa.demo.sandbox_api_key}`, 'content-type': 'application/json' }
const body = JSON.stringify({
  billing_country: 'US',
  billing_postal_code: '94103',
  billing_first_name: 'Ada',
  billing_last_name: 'Lovelace',
  billing_email: 'ada@example.com',
  currency: 'USD',
  products: [{ id: kassa.demo.product_ids[0], quantity: 2 }],
})
const commits = async () =>
  Number(
    (await client.query('select xact_commit from pg_stat_database where datname = current_database()')).rows[0]
      .xact_commit,
  )
// A backend flushes its pg_stat counters at most once a second, and an idle one within 10 s: wait 11 s
// between reads until they settle (our
// own counter query is one commit each time, so "settled" is a rise of at most one).
let ownQueries = 0
async function settled() {
  let last = await commits()
  ownQueries++
  for (;;) {
    await new Promise((r) => setTimeout(r, 11_000))
    const now = await commits()
    ownQueries++
    if (now - last <= 1) return now
    last = now
  }
}
async function perRequest(label, request) {
  for (let i = 0; i < 20; i++) await request() // warm: the API-key cache, prepared plans
  const before = await settled()
  const ownBefore = ownQueries
  for (let i = 0; i < N; i++) await request()
  const after = await settled()
  return { label, perRequest: +((after - before - (ownQueries - ownBefore)) / N).toFixed(2) }
}
const create = async () => {
  const res = await fetch(`${kassa.url}/api/checkout/create/`, { method: 'POST', headers: auth, body })
  return res.json()
}
const tx = (await create()).transaction_id
const results = [
  await perRequest('checkout create', create),
  await perRequest('get payment', () =>
    fetch(`${kassa.url}/api/transactions/${tx}/`, { headers: auth }).then((r) => r.arrayBuffer()),
  ),
]
await client.end()
kassa.stop()
console.log(JSON.stringify({ machine: machine(), results }, null, 2))
console.log(`statements: ${results.map((r) => `${r.label} ${r.perRequest} transactions per request`).join('; ')}`)
process.exit(0)
