import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CliHarness } from '../support/cli.ts'
import { isPostgres } from '../support/database.ts'

// The embedded database while `kassa serve` runs: CLI writes go through the server's socket, are
// visible to its API at once, and survive a restart. PGlite only (PostgreSQL has no data directory).

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

let cli: CliHarness
let dataDir: string
let port: number
let server: ChildProcess | null = null
let serverOutput = ''

async function startServer(): Promise<ChildProcess> {
  serverOutput = ''
  const child = spawn(process.execPath, ['bin/kassa.mjs', 'serve', '--no-worker'], {
    env: { ...process.env, ...cli.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d) => (serverOutput += d))
  child.stderr!.on('data', (d) => (serverOutput += d))
  const deadline = Date.now() + 240_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`kassa serve exited ${child.exitCode}: ${serverOutput}`)
    const up = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    )
    if (up) return child
    await new Promise((r) => setTimeout(r, 200))
  }
  child.kill('SIGKILL')
  throw new Error(`kassa serve did not start: ${serverOutput}`)
}

async function stopServer(): Promise<void> {
  if (!server) return
  const exited = new Promise((r) => server!.once('exit', r))
  server.kill('SIGTERM')
  await exited
  server = null
}

async function checkoutStatus(key: string, productId: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/checkout/create/`, {
    method: 'POST',
    headers: { authorization: `Api-Key ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      billing_country: 'US',
      billing_postal_code: '94103',
      billing_first_name: 'Ada',
      billing_last_name: 'Lovelace',
      billing_email: 'ada@example.com',
      currency: 'USD',
      products: [{ id: productId, quantity: 1 }],
    }),
  })
  return res.status
}

const lock = () => JSON.parse(readFileSync(join(dataDir, 'kassa.lock'), 'utf8'))

beforeAll(async () => {
  cli = await CliHarness.create()
  dataDir = cli.env.DATA_DIR
  port = await freePort()
})
afterAll(async () => {
  server?.kill('SIGKILL')
  await cli.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe.skipIf(isPostgres)('the embedded database shared by a running server', () => {
  let orgId: number
  let key: string
  let productId: string

  test('CLI writes while the server runs are seen by its API at once', async () => {
    server = await startServer()
    expect(lock()).toMatchObject({ pid: server.pid, command: 'serve', url: `http://127.0.0.1:${port}` })
    expect(lock().database).not.toBeNull()

    const merchant = await cli.run(['merchant', 'create', '--email', 'o@shared.test', '--org-name', 'S', '--json'], {
      KASSA_PASSWORD: 'shared-password-1',
    })
    expect(merchant.code, merchant.stderr).toBe(0)
    orgId = merchant.json.organization_id
    const apiKey = await cli.run(['api-key', 'create', '--org', String(orgId), '--env', 'sandbox', '--json'])
    expect(apiKey.code, apiKey.stderr).toBe(0)
    key = apiKey.json.key
    const product = await cli.run([
      'product',
      'create',
      '--org',
      String(orgId),
      '--name',
      'Mug',
      '--price',
      '9.99',
      '--currency',
      'USD',
      '--json',
    ])
    expect(product.code, product.stderr).toBe(0)
    productId = product.json.id
    // The server's own API authenticates the new key and prices the new product.
    expect(await checkoutStatus(key, productId)).toBe(201)
  }, 300_000)

  test('a second server on the same directory refuses, naming the running one', async () => {
    const second = spawnSync(process.execPath, ['bin/kassa.mjs', 'serve'], {
      env: { ...process.env, ...cli.env, PORT: String(await freePort()) },
      encoding: 'utf8',
      timeout: 240_000,
    })
    expect(second.status).toBe(1)
    expect(second.stderr).toContain(`pid ${server!.pid}`)
    expect(second.stderr).toContain(`http://127.0.0.1:${port}`)
  }, 300_000)

  test('the writes survive a restart; without a server a command opens the directory under the lock', async () => {
    await stopServer()
    expect(existsSync(join(dataDir, 'kassa.lock'))).toBe(false)
    const offline = await cli.run([
      'product',
      'create',
      '--org',
      String(orgId),
      '--name',
      'Cup',
      '--price',
      '4.00',
      '--currency',
      'USD',
      '--json',
    ])
    expect(offline.code, offline.stderr).toBe(0)
    expect(existsSync(join(dataDir, 'kassa.lock'))).toBe(false)
    server = await startServer()
    expect(await checkoutStatus(key, productId)).toBe(201)
    expect(await checkoutStatus(key, offline.json.id)).toBe(201)
    await stopServer()
  }, 300_000)

  test('a lock left by a dead process is taken over', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' })
    const deadPid = Number(dead.stdout.trim())
    writeFileSync(
      join(dataDir, 'kassa.lock'),
      JSON.stringify({
        pid: deadPid,
        command: 'serve',
        url: 'http://x',
        database: { host: '127.0.0.1', port: 1 },
        started_at: '2020-01-01T00:00:00Z',
      }),
    )
    const r = await cli.run(['ledger', 'check', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(existsSync(join(dataDir, 'kassa.lock'))).toBe(false)
  })
})
