#!/usr/bin/env node
// Webhook delivery benchmark on PostgreSQL (issue #5).
//   node bench/webhooks.mjs [--latency-samples 300] [--backlog 5000] [--workers 1,2]
// Measures, against a local receiver:
//   1. state change → first delivery latency: an event is committed (the fan-out trigger writes the
//      delivery and NOTIFYs), one idle `kassa worker` process delivers it; p50/p99 of commit → request.
//   2. deliveries per second with 1 and 2 `kassa worker` processes draining a backlog.
// Uses a throw-away database on TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { spawn, execFileSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import http from 'node:http'
import { parseArgs } from 'node:util'
import pg from 'pg'

const { values: args } = parseArgs({
  options: {
    'latency-samples': { type: 'string', default: '300' },
    backlog: { type: 'string', default: '5000' },
    workers: { type: 'string', default: '1,2' },
  },
})
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const dbName = `kassa_bench_wh_${randomBytes(4).toString('hex')}`
const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString()
const env = {
  ...process.env,
  DATABASE_URL: dbUrl,
  NODE_ENV: 'test',
  SECRET_KEY: 'bench-secret-key-0123456789abcdefghijklmnop',
  LOG_LEVEL: 'silent',
  ALLOW_PRIVATE_WEBHOOK_URLS: 'true',
  WORKER_POLL_MS: '500',
}
const kassa = (...a) =>
  JSON.parse(execFileSync(process.execPath, ['bin/kassa.mjs', ...a, '--json'], { env, encoding: 'utf8' }))

async function admin(sql) {
  const c = new pg.Client({ connectionString: adminUrl })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

// The receiver: answers 200 at once and notes when each delivery id arrived.
const arrivals = new Map()
let received = 0
let onArrival = () => {}
const server = http.createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    arrivals.set(
      JSON.parse(req.headers['x-bench'] ?? 'null') ?? req.headers['x-webhook-delivery-id'],
      performance.now(),
    )
    received++
    res.writeHead(200).end('ok')
    onArrival()
  })
})
await new Promise((r) => server.listen(0, '127.0.0.1', r))
const receiverUrl = `http://127.0.0.1:${server.address().port}/hooks`

await admin(`create database ${dbName}`)
const db = new pg.Pool({ connectionString: dbUrl, max: 8 })
const workers = []
function startWorker() {
  const child = spawn(process.execPath, ['bin/kassa.mjs', 'worker'], { env, stdio: 'ignore' })
  workers.push(child)
  return child
}
async function stopWorkers() {
  for (const w of workers.splice(0)) {
    w.kill('SIGTERM')
    await new Promise((r) => w.once('exit', r))
  }
}
const waitFor = (pred, timeoutMs = 120_000) =>
  new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), timeoutMs)
    const check = () => {
      if (pred()) {
        clearTimeout(t)
        onArrival = () => {}
        resolve()
      }
    }
    onArrival = check
    check()
  })

// A realistic transaction.status_changed payload (~700 bytes).
const payload = (i) =>
  JSON.stringify({
    event: 'transaction.status_changed',
    event_id: `evt_bench${i}`,
    transaction_id: `TXbench${i}`,
    order_id: `org1-1700000000-${i}`,
    amount: '24.00',
    gross_amount: '25.00',
    status: 'paid',
    currency: 'USD',
    created_at: new Date().toISOString(),
    updated_at: new Date().toISOString(),
    depositAttempts: [
      {
        status: 'succeeded',
        paymentId: `pi_${randomUUID()}`,
        attemptedAt: new Date().toISOString(),
        errorMessage: null,
        paymentMethod: 'card',
      },
    ],
  })

try {
  kassa('migrate')
  const org = kassa(
    'merchant',
    'create',
    '--email',
    'bench@example.com',
    '--password',
    'bench password 123',
    '--org-name',
    'Bench',
  ).organization_id
  const endpoint = kassa('webhook', 'add', '--org', String(org), '--env', 'sandbox', '--url', receiverUrl)
  const insert = (client, i) =>
    client.query(
      `insert into events (public_id, organization_id, environment, type, subject_id, payload) values ($1, $2, 'sandbox', 'transaction.status_changed', $3, $4) returning id`,
      [`evt_bench${i}`, org, `TXbench${i}`, payload(i)],
    )

  // 1. Latency: one idle worker; one state change at a time, 20 ms apart.
  startWorker()
  await new Promise((r) => setTimeout(r, 4000)) // boot + LISTEN
  const samples = Number(args['latency-samples'])
  const latencies = []
  for (let i = 0; i < samples; i++) {
    const client = await db.connect()
    const before = received
    await client.query('begin')
    await insert(client, `lat${i}`)
    const t0 = performance.now()
    await client.query('commit')
    client.release()
    await waitFor(() => received > before, 10_000)
    latencies.push(performance.now() - t0)
    await new Promise((r) => setTimeout(r, 20))
  }
  await stopWorkers()
  latencies.sort((a, b) => a - b)
  const latency = {
    samples,
    p50_ms: +pct(latencies, 50).toFixed(1),
    p99_ms: +pct(latencies, 99).toFixed(1),
    max_ms: +latencies.at(-1).toFixed(1),
  }
  console.log('latency (commit → receiver)', latency)

  // 2. Throughput: a backlog recorded with no worker running, parked an hour ahead, then made due
  //    at once while the workers are up and idle.
  const throughput = []
  for (const n of args.workers.split(',').map(Number)) {
    const backlog = Number(args.backlog)
    for (let i = 0; i < backlog; i += 500) {
      const rows = Array.from({ length: Math.min(500, backlog - i) }, (_, k) => i + k)
      await db.query(
        `insert into events (public_id, organization_id, environment, type, subject_id, payload)
        select 'evt_tp' || $3 || '_' || g, $1, 'sandbox', 'transaction.status_changed', 'TX' || g, $2::jsonb from unnest($4::int[]) g`,
        [org, payload(0), `${n}`, rows],
      )
    }
    await db.query(`update webhook_deliveries set next_attempt_at = now() + interval '1 hour' where status = 'pending'`)
    for (let k = 0; k < n; k++) startWorker()
    await new Promise((r) => setTimeout(r, 4000))
    const start = received
    const t0 = performance.now()
    await db.query(`update webhook_deliveries set next_attempt_at = now() where status = 'pending'`)
    await db.query(`select pg_notify('kassa_webhooks', '')`)
    await waitFor(() => received - start >= backlog)
    const seconds = (performance.now() - t0) / 1000
    const dupes = await db.query(
      `select count(*)::int as n from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id where d.status = 'succeeded' group by d.id having count(*) > 1`,
    )
    throughput.push({
      workers: n,
      deliveries: backlog,
      seconds: +seconds.toFixed(2),
      per_second: Math.round(backlog / seconds),
      duplicate_attempts: dupes.rowCount,
    })
    console.log('throughput', throughput.at(-1))
    await stopWorkers()
  }
  console.log(JSON.stringify({ date: new Date().toISOString(), latency, throughput }))
} finally {
  await stopWorkers()
  await db.end()
  server.closeAllConnections()
  server.close()
  await admin(`drop database if exists ${dbName} with (force)`)
}
