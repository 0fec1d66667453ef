// Shared helpers for the benchmarks: a fresh PostgreSQL database, a Kassa server as a child process, autocannon runs.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir, cpus } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import autocannon from 'autocannon'

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export async function freshDatabase(name) {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  await client.query(`drop database if exists ${name} with (force)`)
  await client.query(`create database ${name}`)
  await client.end()
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return url.toString()
}

export function waitForLine(child, pattern, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    let buffer = ''
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; output: ${buffer.slice(-2000)}`)),
      timeoutMs,
    )
    const onData = (d) => {
      buffer += d
      if (pattern.test(buffer)) {
        clearTimeout(timer)
        resolve(buffer)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`process exited ${code}: ${buffer.slice(-2000)}`)))
  })
}

/** Starts `kassa serve` on PostgreSQL with the demo seed; resolves with its URL and demo credentials. */
export async function startKassa({ databaseUrl, port, worker = false, env = {} }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kassa-bench-'))
  const child = spawn(process.execPath, ['bin/kassa.mjs', 'serve', ...(worker ? [] : ['--no-worker'])], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      DATA_DIR: dataDir,
      KASSA_SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      SECRET_KEY: 'bench-secret-key-0123456789abcdefghijklmnop',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  await waitForLine(child, /Sandbox API key/)
  const demo = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8'))
  return { child, url: `http://127.0.0.1:${port}`, demo, stop: () => child.kill('SIGTERM') }
}

export function cannon(options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: 10, duration: 10, ...options }, (err, result) => (err ? reject(err) : resolve(result)))
  })
}

export const summary = (r) => ({
  rps: Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
})

export const machine = () =>
  `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`
