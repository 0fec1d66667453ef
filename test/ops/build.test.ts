import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase, isPostgres, type TestDatabase } from '../support/database.ts'
import { copyInstall, freePort, makeReadOnly, runCommand, snapshot, startUntil, stop } from './build-install.ts'

// `npm run build` into dist/, the CLI with and without it, `npm start` rebuilding a stale build, and
// NODE_ENV=production serving from the build on a read-only install that holds no sources at all.
// One install, in order: each step starts from what the previous one left.

const REPO = join(import.meta.dirname, '../..')
let install: string
let database: TestDatabase | null = null
const run = (args: string[]) =>
  runCommand(process.execPath, ['bin/kassa.mjs', ...args], { cwd: install, env: { ...process.env, NODE_ENV: 'test' } })
const npm = (args: string[], cwd = install) =>
  runCommand('npm', args, { cwd, env: { ...process.env, NODE_ENV: 'test' } })
const entry = () => join(install, 'dist/server/main.mjs')

beforeAll(() => {
  install = copyInstall()
})
afterAll(async () => {
  await database?.close()
  if (install) {
    spawnSync('chmod', ['-R', 'u+w', install])
    rmSync(install, { recursive: true, force: true })
  }
})

describe('a clean clone', () => {
  test('the CLI runs from the sources when there is no dist/', async () => {
    expect(existsSync(join(install, 'dist'))).toBe(false)
    const help = await run(['--help'])
    expect(help.status, help.stderr).toBe(0)
    expect(help.stdout).toMatch(/^Usage: kassa <command>/)
    expect(existsSync(join(install, 'dist'))).toBe(false)
  })

  test('npm run build writes the server, the checkout assets and the dashboard into dist/', {
    timeout: 600_000,
  }, async () => {
    const built = await npm(['run', 'build', '--silent'])
    expect(built.status, built.stdout + built.stderr).toBe(0)
    expect(existsSync(entry())).toBe(true)
    expect(readFileSync(join(install, 'dist/dashboard/index.html'), 'utf8')).toContain('/dashboard/assets/')
    const { version } = JSON.parse(readFileSync(join(install, 'dist/checkout/stamp.json'), 'utf8'))
    expect(existsSync(join(install, `dist/checkout/${version}/checkout.js`))).toBe(true)
    expect(JSON.parse(readFileSync(join(install, 'dist/build.json'), 'utf8')).hash).toMatch(/^[0-9a-f]{64}$/)
    // The bundle loads no TypeScript: every import of ours is inside it, packages come from node_modules.
    expect(readFileSync(entry(), 'utf8')).not.toMatch(/from ["'][^"']*\.ts["']/)
  })

  test('every package the server bundle imports is installed without devDependencies (the Docker image)', async () => {
    const server = join(install, 'dist/server')
    const code = readdirSync(server)
      .filter((name) => name.endsWith('.mjs'))
      .map((name) => readFileSync(join(server, name), 'utf8'))
      .join('\n')
    // esbuild writes one import per line (`import x from "pkg";`) and dynamic ones as `import("pkg")`.
    const specifiers = [
      ...code.matchAll(/^import\b[^"]*?from\s*"([^".][^"]*)";$/gm),
      ...code.matchAll(/\bimport\("([^".][^"]*)"\)/g),
    ].map((m) => m[1])
    const packages = new Set(
      specifiers
        .filter((s) => !s.startsWith('node:'))
        .map((s) =>
          s
            .split('/')
            .slice(0, s.startsWith('@') ? 2 : 1)
            .join('/'),
        ),
    )
    expect(packages).toContain('fastify')
    const listed = await npm(['ls', '--omit=dev', '--all', '--parseable'], REPO)
    const production = new Set(listed.stdout.split('\n').map((path) => path.split('node_modules/').at(-1)))
    expect([...packages].filter((name) => !production.has(name))).toEqual([])
  })

  test('the CLI runs the build while it matches the sources, and the sources once they change', async () => {
    // Marks the build's usage text: only the bundle prints it.
    writeFileSync(
      entry(),
      readFileSync(entry(), 'utf8').replace('Usage: kassa <command>', 'Usage: kassa(built) <command>'),
    )
    expect((await run(['--help'])).stdout).toMatch(/^Usage: kassa\(built\) <command>/)
    const main = join(install, 'src/cli/main.ts')
    // A new mtime alone (a checkout, a copy) misses the stat fingerprint; the content hash still matches.
    utimesSync(main, new Date(), new Date(Date.now() + 5_000))
    expect((await run(['--help'])).stdout).toMatch(/^Usage: kassa\(built\) <command>/)
    writeFileSync(main, readFileSync(main, 'utf8').replace('Usage: kassa <command>', 'Usage: kassa(edited) <command>'))
    expect((await run(['--help'])).stdout).toMatch(/^Usage: kassa\(edited\) <command>/)
  })

  test('npm start rebuilds a stale build once, then serves from it', { timeout: 600_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kassa-start-'))
    const env = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }
    const first = await startUntil(
      'npm',
      ['start', '--silent', '--', '--no-worker'],
      { cwd: install, env: { ...env, PORT: String(await freePort()) } },
      /is running \(/,
    )
    await stop(first)
    expect(first.output()).toContain('The sources changed since the last build: rebuilding dist/')
    expect(readFileSync(entry(), 'utf8')).toContain('Usage: kassa(edited) <command>')
    const second = await startUntil(
      'npm',
      ['start', '--silent', '--', '--no-worker'],
      { cwd: install, env: { ...env, PORT: String(await freePort()) } },
      /is running \(/,
    )
    await stop(second)
    expect(second.output()).not.toMatch(/rebuilding|building Kassa/)
    rmSync(dataDir, { recursive: true, force: true })
  })
})

describe('NODE_ENV=production on a read-only install with no sources', () => {
  test('serves the API, the checkout page and the dashboard, and writes nothing under the install', async () => {
    // What the Docker image holds: the build, bin/, package.json and node_modules.
    for (const sources of ['src', 'web', 'scripts']) rmSync(join(install, sources), { recursive: true })
    makeReadOnly(install)
    const before = snapshot(install)
    const dataDir = mkdtempSync(join(tmpdir(), 'kassa-data-'))
    chmodSync(dataDir, 0o777)
    if (isPostgres) database = await createTestDatabase()
    const port = await freePort()
    // As root, permissions do not stop writes: the server then runs as nobody, for whom they do.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}
    const server = await startUntil(
      process.execPath,
      ['bin/kassa.mjs', 'serve', '--json'],
      {
        cwd: install,
        ...asNobody,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          SECRET_KEY: 'build-test-secret-key-0123456789abcdefghij',
          LOG_LEVEL: 'warn',
          ALLOW_SIMULATOR_IN_PRODUCTION: 'true',
          ...(database
            ? { DATABASE_URL: database.url!, KASSA_SEED_DEMO: 'true' }
            : { ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: 'true' }),
        },
      },
      /"sandbox_api_key"[^\n]*\n/,
    )
    try {
      const base = `http://127.0.0.1:${port}`
      const { demo } = JSON.parse(
        server
          .output()
          .split('\n')
          .find((line) => line.includes('sandbox_api_key'))!,
      )
      expect((await fetch(`${base}/readyz`)).status).toBe(200)
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
      const checkout = (await created.json()) as { checkout_url: string }
      expect(created.status, JSON.stringify(checkout)).toBe(201)
      const page = await fetch(checkout.checkout_url.replace(/^https?:\/\/[^/]+/, base))
      expect(page.status).toBe(200)
      expect((await fetch(`${base}/checkout/assets/checkout.js`)).status).toBe(200)
      const dashboard = await fetch(`${base}/dashboard/`)
      expect(dashboard.status).toBe(200)
      const script = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(await dashboard.text())![1]
      expect((await fetch(`${base}${script}`)).status).toBe(200)
    } finally {
      expect(await stop(server)).toBe(0)
    }
    expect(server.output()).not.toContain('running the TypeScript sources')
    expect(snapshot(install)).toEqual(before)
    rmSync(dataDir, { recursive: true, force: true })
  })
})
