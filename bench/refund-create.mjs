// Refund create: Kassa vs the floor (bench/floor-server.mjs writes the same rows — refund, payment
// update, ledger entry + postings, outbox events, job — and nothing else), side by side, on PostgreSQL.
// Usage: node bench/refund-create.mjs [--payments 300] [--seconds 10] [--rate 100]
// Last line: "refund create: Kassa N req/s vs floor M req/s = R%; …".
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { register } from 'tsx/esm/api'
import { cannon, freshDatabase, machine, measure, startFloor, startKassa } from './lib.mjs'

register()
const { openDatabase } = await import('../src/db/database.ts')
const { payPayment } = await import('../test/support/payments.ts')
const { values: args } = parseArgs({
  options: {
    payments: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string', default: '100' },
    profile: { type: 'string' },
  },
})
const SECONDS = Number(args.seconds)
const log = (...a) => console.error(new Date().toISOString().slice(11, 19), ...a)

const databaseUrl = await freshDatabase('kassa_bench_refund_create')
const nodeArgs = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : []
const kassa = await startKassa({ databaseUrl, nodeArgs })
const floor = await startFloor(databaseUrl, kassa.demo.organization_id)
const auth = { authorization: `Api-Key ${kassa.demo.sandbox_api_key}`, 'content-type': 'application/json' }

log(`creating ${args.payments} paid, settled payments…`)
const seed = await openDatabase({ databaseUrl, dataDir: null, poolSize: 4 })
const seedCtx = { db: seed.db, clock: { now: () => new Date() } }
const checkoutBody = JSON.stringify({
  billing_country: 'US',
  billing_postal_code: '94103',
  billing_first_name: 'Ada',
  billing_last_name: 'Lovelace',
  billing_email: 'ada@example.com',
  currency: 'USD',
  products: [{ id: kassa.demo.product_ids[0], quantity: 2 }],
})
const payments = []
async function payOne() {
  const created = await (
    await fetch(`${kassa.url}/api/checkout/create/`, { method: 'POST', headers: auth, body: checkoutBody })
  ).json()
  await payPayment(seedCtx, created.transaction_id, { settled: true })
  payments.push(created.transaction_id)
}
for (let i = 0; i < Number(args.payments); i += 10) await Promise.all(Array.from({ length: 10 }, payOne))
await seed.close()

// 0.01 refunds of random payments: each payment takes thousands, and both servers share them.
const body = JSON.stringify({ reason: 'Customer request (bench)', amount: '0.01' })
const pick = () => payments[Math.floor(Math.random() * payments.length)]
const target = (base, path) => ({
  url: base,
  headers: auth,
  requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, path: path(pick()), body }) }],
})
const kassaRefund = target(kassa.url, (tx) => `/api/transactions/${tx}/refund/`)
const floorRefund = target(floor.url, (tx) => `/tx/${tx}/refund`)

log('warm-up…')
await cannon({ ...kassaRefund, duration: 3 })
await cannon({ ...floorRefund, duration: 3 })
const load = [loadavg()[0]]
const results = {}
log('max throughput…')
results.kassaMax = await measure({ ...kassaRefund, duration: SECONDS }, kassa.child.pid)
results.floorMax = await measure({ ...floorRefund, duration: SECONDS }, floor.child.pid)
log(`fixed rate ${args.rate} req/s…`)
results.kassaRate = await measure(
  { ...kassaRefund, duration: SECONDS, overallRate: Number(args.rate) },
  kassa.child.pid,
)
results.floorRate = await measure(
  { ...floorRefund, duration: SECONDS, overallRate: Number(args.rate) },
  floor.child.pid,
)
load.push(loadavg()[0])

await kassa.stopAndWait()
floor.child.kill('SIGTERM')
const pct = (a, b) => `${Math.round((100 * a) / b)}%`
console.log(JSON.stringify({ machine: machine(), loadAverage: load.map((x) => +x.toFixed(1)), results }, null, 2))
console.log(
  `refund create: Kassa ${results.kassaMax.rps} req/s vs floor ${results.floorMax.rps} req/s = ${pct(results.kassaMax.rps, results.floorMax.rps)}; p99 at ${args.rate} req/s ${results.kassaRate.p99} ms vs floor ${results.floorRate.p99} ms (${(results.kassaRate.p99 / Math.max(1, results.floorRate.p99)).toFixed(2)}×); CPU/request Kassa ${results.kassaMax.cpuMsPerRequest} ms vs floor ${results.floorMax.cpuMsPerRequest} ms; load average ${load.map((x) => x.toFixed(1)).join(' → ')}`,
)
process.exit(0)
