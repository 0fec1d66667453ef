import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { CARDS, card } from '../support/checkout.ts'
import { createTestDatabase, isPostgres, type TestDatabase } from '../support/database.ts'
import { type PgBouncer, startPgBouncer } from '../support/pgbouncer.ts'
import { type Receiver, startReceiver } from '../support/webhook-receiver.ts'

// Many processes on one PostgreSQL, directly and through PgBouncer in transaction pooling:
// `kassa serve --processes 2 --no-worker` plus two `kassa worker`. Every webhook is delivered exactly
// once per endpoint, and the pay-attempt limit holds across the API processes.

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

const children: ChildProcess[] = []
const cleanups: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  for (const clean of cleanups.reverse()) await clean().catch(() => {})
})

function kassa(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['bin/kassa.mjs', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const done = new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, out })),
  )
  return { child, done, output: () => out }
}

async function cli(args: string[], env: Record<string, string>) {
  const r = await kassa([...args, '--json'], env).done
  if (r.code !== 0) throw new Error(`kassa ${args.join(' ')} failed: ${r.out}`)
  return JSON.parse(r.out.trim().split('\n').pop()!)
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

async function scenario(mode: 'direct' | 'pgbouncer') {
  const database: TestDatabase = await createTestDatabase()
  cleanups.push(() => database.close())
  let bouncer: PgBouncer | null = null
  if (mode === 'pgbouncer') {
    bouncer = await startPgBouncer()
    cleanups.push(() => bouncer!.close())
  }
  const receiver: Receiver = await startReceiver()
  cleanups.push(() => receiver.close())
  const dataDir = mkdtempSync(join(tmpdir(), 'kassa-many-'))
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }))
  const port = await freePort()
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SECRET_KEY: 'many-processes-secret-key-0123456789abc',
    LOG_LEVEL: 'silent',
    ALLOW_PRIVATE_WEBHOOK_URLS: 'true',
    WORKER_POLL_MS: '100',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    CHECKOUT_PAY_RATE_PER_TOKEN: '3',
    CHECKOUT_MAX_ATTEMPTS: '10',
    KASSA_PASSWORD: 'many-processes-pw-1',
    DATABASE_URL: bouncer ? bouncer.urlFor(database.url!) : database.url!,
    DATABASE_DIRECT_URL: database.url!,
  }
  const merchant = await cli(['merchant', 'create', '--email', 'many@proc.test', '--org-name', 'Many'], env)
  const org = String(merchant.organization_id)
  const key = (await cli(['api-key', 'create', '--org', org, '--env', 'sandbox'], env)).key
  const product = await cli(
    ['product', 'create', '--org', org, '--name', 'Mug', '--price', '9.99', '--currency', 'USD'],
    env,
  )
  await cli(['webhook', 'add', '--org', org, '--env', 'sandbox', '--url', receiver.url], env)

  const api = kassa(['serve', '--processes', '2', '--no-worker'], env)
  const workers = [kassa(['worker'], env), kassa(['worker'], env)]
  const base = `http://127.0.0.1:${port}`
  await waitFor(async () => (await fetch(`${base}/readyz`)).ok, 120_000, `kassa serve (${api.output()})`)

  const createCheckout = async () => {
    const res = await fetch(`${base}/api/checkout/create/`, {
      method: 'POST',
      headers: { authorization: `Api-Key ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        billing_country: 'US',
        billing_postal_code: '94103',
        billing_first_name: 'Ada',
        billing_last_name: 'Lovelace',
        billing_email: 'ada@example.com',
        currency: 'USD',
        products: [{ id: product.id, quantity: 1 }],
      }),
    })
    expect(res.status).toBe(201)
    const body = (await res.json()) as { checkout_url: string }
    return new URL(body.checkout_url).pathname.split('/').pop()!
  }
  const pay = (token: string, number: string) =>
    fetch(`${base}/api/checkout/pay/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, card: card(number) }),
    })

  const payments = 12
  await Promise.all(
    Array.from({ length: payments }, async () =>
      expect((await pay(await createCheckout(), CARDS.success)).status).toBe(200),
    ),
  )
  // Rate limit across the two API processes (round-robin): the 4th attempt on one token is refused.
  const limited = await createCheckout()
  const statuses: number[] = []
  for (let i = 0; i < 4; i++) statuses.push((await pay(limited, CARDS.declined)).status)
  expect(statuses.slice(0, 3)).not.toContain(429)
  expect(statuses[3]).toBe(429)

  const deliveries = async () =>
    (await database.db.selectFrom('webhook_deliveries').select(['delivery_id', 'status']).execute()) as {
      delivery_id: string
      status: string
    }[]
  await waitFor(
    async () => {
      const rows = await deliveries()
      return rows.length >= payments && rows.every((r) => r.status === 'succeeded')
    },
    60_000,
    'every webhook delivered',
  )
  await new Promise((r) => setTimeout(r, 1000))
  const rows = await deliveries()
  const received = receiver.requests.map((q) => q.headers['x-webhook-delivery-id'] as string)
  expect(new Set(received).size).toBe(received.length)
  expect(received.sort()).toEqual(rows.map((r) => r.delivery_id).sort())

  for (const p of [api, ...workers]) p.child.kill('SIGTERM')
  const exits = await Promise.all([api, ...workers].map((p) => p.done))
  expect(exits.map((e) => e.code)).toEqual([0, 0, 0])
  return { payments, deliveries: rows.length }
}

describe.skipIf(!isPostgres)('many processes on PostgreSQL', () => {
  test('serve --processes 2 --no-worker and two workers: every webhook once, shared rate limits', async () => {
    const result = await scenario('direct')
    expect(result.deliveries).toBeGreaterThanOrEqual(result.payments)
  }, 300_000)

  test('the same behind PgBouncer in transaction pooling (DATABASE_DIRECT_URL for migrations and LISTEN)', async () => {
    const result = await scenario('pgbouncer')
    expect(result.deliveries).toBeGreaterThanOrEqual(result.payments)
  }, 300_000)
})
