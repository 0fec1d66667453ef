// `npx tsx bench/scaling.ts`: the scaling path of docs/self-hosting/operations.md. The same load —
// POST /api/checkout/create/ (a write: session, transaction, idempotency row) — against one
// `kassa serve`, against `kassa serve --processes N` (N = BENCH_PROCESSES, default the core count),
// and against the same N processes through PgBouncer in transaction pooling. Measures; never fails.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon'
import pg from 'pg'
import { startPgBouncer } from '../test/support/pgbouncer.ts'

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? cpus().length)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32)
const PORT = 18_000 + Math.floor(Math.random() * 1000)

async function freshDatabase(name: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  await client.query(`drop database if exists ${name} with (force)`)
  await client.query(`create database ${name}`)
  await client.end()
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return url.toString()
}

const baseEnv = (databaseUrl: string, directUrl: string) => ({
  ...process.env,
  NODE_ENV: 'test',
  DATA_DIR: mkdtempSync(join(tmpdir(), 'kassa-scaling-')),
  SECRET_KEY: 'scaling-bench-secret-key-0123456789abcdef',
  LOG_LEVEL: 'silent',
  PORT: String(PORT),
  DATABASE_URL: databaseUrl,
  DATABASE_DIRECT_URL: directUrl,
  KASSA_PASSWORD: 'scaling-bench-password',
})

function cli(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, ['bin/kassa.mjs', ...args, '--json'], { env, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`kassa ${args.join(' ')}: ${r.stderr}`)
  return JSON.parse(r.stdout)
}

async function serve(args: string[], env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/kassa.mjs', 'serve', '--no-worker', ...args], { env, stdio: 'ignore' })
  for (let i = 0; i < 600; i++) {
    if (
      await fetch(`http://127.0.0.1:${PORT}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('kassa serve did not start')
}

async function stop(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}

async function load(key: string, productId: string) {
  const body = JSON.stringify({
    billing_country: 'US',
    billing_postal_code: '94103',
    billing_first_name: 'Ada',
    billing_last_name: 'Lovelace',
    billing_email: 'ada@example.com',
    currency: 'USD',
    products: [{ id: productId, quantity: 1 }],
  })
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}/api/checkout/create/`,
    method: 'POST',
    headers: { authorization: `Api-Key ${key}`, 'content-type': 'application/json' },
    body,
    connections: CONNECTIONS,
    duration: SECONDS,
  })
  return {
    requests_per_second: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    non_2xx: result.non2xx,
    errors: result.errors,
  }
}

const directUrl = await freshDatabase('kassa_bench_scaling')
const env = baseEnv(directUrl, directUrl)
const merchant = cli(['merchant', 'create', '--email', 'bench@scaling.test', '--org-name', 'Bench'], env)
const org = String(merchant.organization_id)
const key = cli(['api-key', 'create', '--org', org, '--env', 'sandbox'], env).key
const product = cli(['product', 'create', '--org', org, '--name', 'Mug', '--price', '9.99', '--currency', 'USD'], env)

const results: Record<string, unknown> = {
  cores: cpus().length,
  processes: PROCESSES,
  seconds: SECONDS,
  connections: CONNECTIONS,
}
let server = await serve([], env)
results.one_process = await load(key, product.id)
await stop(server)
server = await serve(['--processes', String(PROCESSES)], env)
results[`processes_${PROCESSES}`] = await load(key, product.id)
await stop(server)
const bouncer = await startPgBouncer()
server = await serve(['--processes', String(PROCESSES)], baseEnv(bouncer.urlFor(directUrl), directUrl))
results[`processes_${PROCESSES}_pgbouncer`] = await load(key, product.id)
await stop(server)
await bouncer.close()
console.log(JSON.stringify(results, null, 2))
