import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { waitFor } from '../support/wait.ts'
import { freePort, runCommand } from './build-install.ts'

// Builds the image and starts compose.yaml (Kassa on PostgreSQL) where a Docker daemon is reachable:
// healthy, non-root, read-only, a checkout created through it. Skipped, saying why, when `docker info`
// fails (no daemon); anything else that goes wrong fails the test.

const REPO = join(import.meta.dirname, '../..')
const project = `kassa-test-${randomBytes(4).toString('hex')}`
const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 30_000 })
const noDaemon =
  info.status === 0 ? null : (info.error?.message ?? info.stderr.trim().split('\n').at(-1) ?? `exit ${info.status}`)
let env: Record<string, string | undefined> = process.env
let started = false

// Not spawnSync: a build of minutes would block the test worker, whose messages to vitest then time out.
async function compose(args: string[]): Promise<string> {
  const result = await runCommand('docker', ['compose', '-p', project, '-f', join(REPO, 'compose.yaml'), ...args], {
    cwd: REPO,
    env,
  })
  if (result.status !== 0) throw new Error(`docker compose ${args.join(' ')} exited ${result.status}: ${result.stderr}`)
  return result.stdout.trim()
}

afterAll(async () => {
  if (started) await compose(['down', '--volumes', '--remove-orphans'])
})

test('docker compose builds and starts Kassa with PostgreSQL: healthy, non-root, read-only, taking checkouts', {
  timeout: 1_200_000,
}, async (ctx) => {
  if (noDaemon) ctx.skip(`no Docker daemon reachable (docker info: ${noDaemon})`)
  const port = await freePort()
  env = {
    ...process.env,
    SECRET_KEY: randomBytes(32).toString('base64url'),
    KASSA_PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    KASSA_SEED_DEMO: 'true',
    ALLOW_SIMULATOR_IN_PRODUCTION: 'true',
  }
  started = true
  await compose(['up', '--detach', '--build', '--wait', '--wait-timeout', '600'])
  const container = await compose(['ps', '--quiet', 'kassa'])
  const inspect = async (format: string) =>
    (await runCommand('docker', ['inspect', '--format', format, container], { cwd: REPO, env })).stdout.trim()
  expect(await inspect('{{.State.Health.Status}}')).toBe('healthy')
  expect(await inspect('{{.HostConfig.ReadonlyRootfs}}')).toBe('true')
  expect(await compose(['exec', '-T', 'kassa', 'id', '-u'])).not.toBe('0')
  // The install and the root filesystem refuse writes; the data volume takes them.
  await expect(compose(['exec', '-T', 'kassa', 'sh', '-c', 'touch /app/dist/probe'])).rejects.toThrow()
  await compose(['exec', '-T', 'kassa', 'sh', '-c', 'touch /data/probe && rm /data/probe'])

  const base = `http://127.0.0.1:${port}`
  await waitFor(async () => (await fetch(`${base}/readyz`).catch(() => null))?.ok, {
    timeout: 60_000,
    message: '/readyz',
  })
  const demo = JSON.parse(await compose(['exec', '-T', 'kassa', 'cat', '/data/demo-credentials.json']))
  const created = await fetch(`${base}/api/checkout/create/`, {
    method: 'POST',
    headers: { authorization: `Api-Key ${demo.sandbox_api_key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      billing_country: 'US',
      billing_postal_code: '94103',
      billing_first_name: 'Ada',
      billing_last_name: 'Lovelace',
      billing_email: 'ada@example.com',
      currency: 'USD',
      products: [{ id: demo.product_ids[0], quantity: 1 }],
    }),
  })
  expect(created.status).toBe(201)
  expect((await fetch(`${base}/dashboard/`)).status).toBe(200)
})
