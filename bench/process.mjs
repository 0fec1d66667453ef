// A lean process: idle RSS of `kassa serve` on PostgreSQL and on PGlite (the process and its children,
// e.g. an esbuild service), and the time from `npm start` to the banner on a second start. Also the
// idle RSS after the first start (migrations and the demo seed), and PGlite alone (a bare node process
// opening it). "Idle" is once the server has compiled its remaining route schemas and gone quiet.
// Usage: node bench/process.mjs   Last line: "process: …" with each figure and its target.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureBuilt, freePort, freshDatabase, machine, settled } from './lib.mjs'

// Both starts must run the build in dist/ (what `npm start` runs), not the sources through tsx.
ensureBuilt()

const BANNER = /is running \(/
const children = (pid) =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1] === String(pid)
      } catch {
        return false
      }
    })
    .map(Number)
const rssKb = (pid) => {
  try {
    const own = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
    return own + children(pid).reduce((s, c) => s + rssKb(c), 0)
  } catch {
    return 0
  }
}

/** CPU time (user + system) of a process and its children so far, in ms; a loaded machine stretches wall time, not this. */
const cpuMs = (pid) => {
  try {
    const [utime, stime] = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ').slice(11, 13).map(Number)
    return (utime + stime) * 10 + children(pid).reduce((s, c) => s + cpuMs(c), 0)
  } catch {
    return 0
  }
}

/** Starts a command, resolves when the banner is printed: ms to the banner (wall and CPU), and the child. */
function start(command, args, env) {
  const started = performance.now()
  const child = spawn(command, args, {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`no banner in 120 s: ${out.slice(-1500)}`)), 120_000)
    const onData = (d) => {
      out += d
      if (BANNER.test(out)) {
        clearTimeout(timer)
        resolve({ ms: Math.round(performance.now() - started), cpuMs: cpuMs(child.pid), child })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out.slice(-1500)}`)))
  })
}
const stop = async (child) => {
  const exited = new Promise((r) => child.once('exit', r))
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {}
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
}

async function measure(label, env) {
  // First start: migrations, demo seed. Second start: what a restart costs.
  const first = await start(process.execPath, ['bin/kassa.mjs', 'serve', '--no-worker'], env)
  await settled(first.child.pid)
  const firstIdle = Math.round(rssKb(first.child.pid) / 1024)
  await stop(first.child)
  const second = await start('npm', ['start', '--silent', '--', '--no-worker'], env)
  // The npm process's own memory is not Kassa's: measure the node child it started.
  const kassaPid = children(second.child.pid)[0] ?? second.child.pid
  await settled(kassaPid)
  const idle = Math.round(rssKb(kassaPid) / 1024)
  await stop(second.child)
  return {
    label,
    firstStartMs: first.ms,
    firstIdleRssMb: firstIdle,
    secondStartMs: second.ms,
    secondStartCpuMs: second.cpuMs,
    idleRssMb: idle,
  }
}

/** RSS of a node process that opens PGlite as Kassa does (same options, a data directory) and nothing else. */
async function pgliteAloneMb() {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-proc-'))
  const script = `const { openDatabase } = await import('./src/db/database.ts');
    const h = await openDatabase({ databaseUrl: null, dataDir: ${JSON.stringify(dir)} });
    await new Promise((r) => setTimeout(r, 3000));
    console.log(Math.round(process.memoryUsage().rss / 1048576)); await h.close(); process.exit(0)`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  await new Promise((r) => child.once('exit', r))
  return Number(out.trim().split('\n').at(-1))
}

const secret = { SECRET_KEY: 'bench-secret-key-0123456789abcdefghijklmnop', KASSA_SEED_DEMO: 'true' }
const postgres = await measure('PostgreSQL', {
  ...secret,
  DATABASE_URL: await freshDatabase('kassa_bench_process'),
  DATA_DIR: mkdtempSync(join(tmpdir(), 'kassa-proc-')),
  PORT: String(await freePort()),
})
const pglite = await measure('PGlite', {
  ...secret,
  DATA_DIR: mkdtempSync(join(tmpdir(), 'kassa-proc-')),
  PORT: String(await freePort()),
})
const pgliteAlone = await pgliteAloneMb()
const load = loadavg()[0].toFixed(1)
console.log(JSON.stringify({ machine: machine(), loadAverage: +load, postgres, pglite, pgliteAlone }, null, 2))
const mark = (ok) => (ok ? 'met' : 'NOT met')
console.log(
  `process: idle RSS PostgreSQL ${postgres.idleRssMb} MB (≤ 200: ${mark(postgres.idleRssMb <= 200)}), PGlite ${pglite.idleRssMb} MB (≤ 350: ${mark(pglite.idleRssMb <= 350)}; PGlite alone ${pgliteAlone} MB); after the first start ${postgres.firstIdleRssMb} / ${pglite.firstIdleRssMb} MB; npm start → banner on a second start ${postgres.secondStartMs} ms PostgreSQL / ${pglite.secondStartMs} ms PGlite (≤ 1500: ${mark(Math.max(postgres.secondStartMs, pglite.secondStartMs) <= 1500)}), CPU ${postgres.secondStartCpuMs} / ${pglite.secondStartCpuMs} ms; load average ${load}`,
)
process.exit(0)
