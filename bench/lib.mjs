// Shared helpers for the benchmarks: a fresh PostgreSQL database, a Kassa server as a child process, autocannon runs.
import { spawn, spawnSync } from 'node:child_process'
import { buildState } from '../bin/build-state.mjs'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, cpus, loadavg } from 'node:os'
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

/** A port the OS says is free now (benchmarks never use fixed ports: other runs share the machine). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts `kassa serve` with the demo seed, on PostgreSQL (`databaseUrl`) or, with `databaseUrl: null`,
 * on embedded PGlite; resolves with its URL and demo credentials. `nodeArgs` e.g. ['--cpu-prof']. Without
 * `port` a free one is chosen; `dataDir` (kept between runs) lets a reused database find its demo credentials.
 */
/** Kassa is measured as it runs in production and after `npm start`: from dist/, built first if stale. */
export function ensureBuilt() {
  if (buildState().current) return
  console.error('bench: building dist/ first (npm run build), so Kassa runs from the build, not through tsx')
  const built = spawnSync('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'inherit', 'inherit'] })
  if (built.status !== 0) throw new Error(`npm run build exited with ${built.status}`)
}

export async function startKassa({ databaseUrl, port, worker = false, env = {}, nodeArgs = [], dataDir }) {
  ensureBuilt()
  port ??= await freePort()
  dataDir ??= mkdtempSync(join(tmpdir(), 'kassa-bench-'))
  const { DATABASE_URL: _inherited, ...parentEnv } = process.env
  const child = spawn(process.execPath, [...nodeArgs, 'bin/kassa.mjs', 'serve', ...(worker ? [] : ['--no-worker'])], {
    env: {
      ...parentEnv,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
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
  await settled(child.pid)
  const demo = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8'))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    demo,
    stop: () => child.kill('SIGTERM'),
    /** SIGTERM, then wait (a --cpu-prof profile is written at exit). */
    stopAndWait: async () => {
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))])
    },
  }
}

/**
 * After the banner a server compiles the route schemas it has not used yet, one per event-loop turn
 * (src/http/deferred-compile.ts): a few seconds of CPU that a benchmark starting at once would charge to
 * its first requests. Waits until the process uses under 5 % of a core over half a second (at most 30 s).
 */
export async function settled(pid) {
  const cpu = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return Number(fields[11]) + Number(fields[12])
  }
  const deadline = Date.now() + 30_000
  let before = cpu()
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500))
    const now = cpu()
    if (now - before <= 2) return // clock ticks of 10 ms: ≤ 20 ms of CPU in 500 ms
    before = now
  }
}

/** bench/floor-server.mjs on a free port for the organization `orgId`; resolves with the child and its URL. */
export async function startFloor(databaseUrl, orgId) {
  const port = await freePort()
  const child = spawn(process.execPath, ['bench/floor-server.mjs'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), FLOOR_ORG_ID: String(orgId) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  await waitForLine(child, /floor listening/)
  return { child, url: `http://127.0.0.1:${port}` }
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** An autocannon run with the server process's CPU time per request beside req/s and latency. */
export async function measure(options, pid) {
  const before = cpuMs(pid)
  const run = await cannon(options)
  return { ...summary(run), cpuMsPerRequest: +((cpuMs(pid) - before) / Math.max(1, run.requests.total)).toFixed(2) }
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
  `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z, load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`
