// CPU time and SQL statements per request of checkout create and get payment, Kassa beside the floor
// (bench/floor-server.mjs). Unlike req/s, CPU per request of the server process (utime + stime from
// /proc/<pid>/stat, every thread) hardly moves with the load other processes put on the machine.
// Statements are counted inside each server (bench/hot-count.mjs wraps pg.Client#query).
// Usage: node bench/hot-cpu.mjs [--requests N] [--profile DIR]   (PostgreSQL at BENCH_DATABASE_URL)
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { cannon, freshDatabase, machine, startKassa, waitForLine } from './lib.mjs'

const { values: args } = parseArgs({
  options: { requests: { type: 'string', default: '4000' }, profile: { type: 'string' } },
})
const N = Number(args.requests)
const TICK_MS = 10 // CLK_TCK 100 on Linux

const count = ['--import', new URL('./hot-count.mjs', import.meta.url).pathname]
const databaseUrl = await freshDatabase('kassa_bench_hot')
const profile = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : []
const kassa = await startKassa({ databaseUrl, port: 18180, nodeArgs: [...count, ...profile] })
const floor = spawn(process.execPath, [...count, 'bench/floor-server.mjs'], {
  env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '18181', FLOOR_ORG_ID: String(kassa.demo.organization_id) },
  stdio: ['ignore', 'pipe', 'pipe'],
})
process.on('exit', () => {
  kassa.child.kill('SIGKILL')
  floor.kill('SIGKILL')
})
process.on('uncaughtException', (err) => {
  console.error(err)
  process.exit(1)
})
await waitForLine(floor, /floor listening/)

/** utime + stime of a process, in ms. */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS
}

function statements(child) {
  return new Promise((resolve) => {
    const onData = (d) => {
      const match = /hot-count (\d+)/.exec(String(d))
      if (!match) return
      child.stderr.off('data', onData)
      resolve(Number(match[1]))
    }
    child.stderr.on('data', onData)
    child.kill('SIGUSR2')
  })
}

async function measure(child, request) {
  await cannon({ ...request, amount: Math.ceil(N / 4), duration: 600 }) // warm-up: JIT, pool, plans
  const cpu0 = cpuMs(child.pid)
  const sql0 = await statements(child)
  const result = await cannon({ ...request, amount: N, duration: 600 })
  const cpu1 = cpuMs(child.pid)
  const sql1 = await statements(child)
  const ok = result['2xx']
  return {
    requests: ok,
    non2xx: result.non2xx,
    cpuMsPerRequest: Number(((cpu1 - cpu0) / ok).toFixed(3)),
    statementsPerRequest: Number(((sql1 - sql0) / ok).toFixed(2)),
  }
}

const body = JSON.stringify({
  billing_country: 'US',
  billing_postal_code: '94103',
  billing_first_name: 'Ada',
  billing_last_name: 'Lovelace',
  billing_email: 'ada@example.com',
  currency: 'USD',
  products: [{ id: kassa.demo.product_ids[0], quantity: 2 }],
})
const json = { 'content-type': 'application/json' }
const auth = { authorization: `Api-Key ${kassa.demo.sandbox_api_key}` }
const kassaCreate = { url: `${kassa.url}/api/checkout/create/`, method: 'POST', headers: { ...auth, ...json }, body }
const floorCreate = { url: 'http://127.0.0.1:18181/checkout', method: 'POST', headers: json, body }

const results = {}
results.kassaCreate = await measure(kassa.child, kassaCreate)
results.floorCreate = await measure(floor, floorCreate)
const created = await (await fetch(kassaCreate.url, { method: 'POST', headers: kassaCreate.headers, body })).json()
const floorTx = await (await fetch(floorCreate.url, { method: 'POST', headers: json, body })).json()
const kassaGet = { url: `${kassa.url}/api/transactions/${created.transaction_id}/`, headers: auth }
results.kassaGet = await measure(kassa.child, kassaGet)
results.floorGet = await measure(floor, { url: `http://127.0.0.1:18181/tx/${floorTx.transaction_id}` })
await kassa.stopAndWait()
floor.kill('SIGTERM')

console.log(JSON.stringify({ machine: machine(), results }, null, 2))
const line = (name, k, f) =>
  `${name}: Kassa ${k.cpuMsPerRequest} ms CPU / ${k.statementsPerRequest} statements per request vs floor ${f.cpuMsPerRequest} ms / ${f.statementsPerRequest} = ${Math.round((100 * f.cpuMsPerRequest) / k.cpuMsPerRequest)}% of the floor's throughput per CPU`
console.log(line('get payment', results.kassaGet, results.floorGet))
console.log(`${line('checkout create', results.kassaCreate, results.floorCreate)}; ${machine()}`)
process.exit(0)
