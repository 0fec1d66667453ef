import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { type Cluster, createCluster } from './cluster.ts'
import { backlog, drain, invariantViolations, totals } from './checks.ts'
import { Fleet, KASSA_BIN, type Member } from './fleet.ts'
import { Load } from './load.ts'
import { startFlakyReceiver } from './receiver.ts'
import { classifyRequests, type Window } from './report.ts'

export interface ChaosOptions {
  cycles: number
  /** Mean pause between two kills (each pause is uniform in [0.5, 1.5] × this). */
  intervalMs: number
  concurrency: number
  apis: number
  workers: number
  /** Restart the run's own PostgreSQL once, halfway through the cycles. */
  pgRestart: boolean
  pgDownMs: number
  drainTimeoutMs: number
  keep: boolean
  log: (line: string) => void
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [KASSA_BIN, ...args], { env: { ...process.env, ...env } })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    child.on('exit', (code) => resolve({ code, out }))
  })
}

async function cliJson(args: string[], env: Record<string, string>): Promise<Record<string, unknown>> {
  const r = await cli([...args, '--json'], env)
  if (r.code !== 0) throw new Error(`kassa ${args.join(' ')} failed: ${r.out}`)
  return JSON.parse(r.out.trim().split('\n').pop()!) as Record<string, unknown>
}

export async function runChaos(options: ChaosOptions) {
  const started = Date.now()
  const log = options.log
  const runDir = mkdtempSync(join(tmpdir(), 'kassa-chaos-'))
  const loadAverage = { start: loadavg()[0], end: 0 }
  const receiver = await startFlakyReceiver()
  let cluster: Cluster | null = null
  let fleet: Fleet | null = null
  let client: pg.Client | null = null
  // The process logs are kept for a failed run, to read what went wrong.
  let keepRunDir = true
  try {
    cluster = await createCluster(runDir, await freePort())
    const admin = new pg.Client({ connectionString: cluster.url('postgres') })
    await admin.connect()
    await admin.query('create database kassa_chaos')
    await admin.end()
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      DATA_DIR: runDir,
      DATABASE_URL: cluster.url('kassa_chaos'),
      SECRET_KEY: 'chaos-run-secret-key-0123456789abcdef',
      LOG_LEVEL: 'info',
      ALLOW_PRIVATE_WEBHOOK_URLS: 'true',
      WORKER_POLL_MS: '200',
      REFUND_DELAY_MS: '200',
      CHECKOUT_PAY_RATE_PER_TOKEN: '1000',
      CHECKOUT_PAY_RATE_PER_IP: '100000',
      SHUTDOWN_TIMEOUT_MS: '10000',
      KASSA_PASSWORD: 'chaos-owner-password-1',
    }
    log(`run directory ${runDir} (process logs, PostgreSQL data); PostgreSQL on port ${cluster.port}`)
    // The first command migrates the new database.
    const merchant = await cliJson(['merchant', 'create', '--email', 'owner@chaos.test', '--org-name', 'Chaos'], env)
    const org = String(merchant.organization_id)
    const [key, product] = await Promise.all([
      cliJson(['api-key', 'create', '--org', org, '--env', 'sandbox'], env),
      cliJson(['product', 'create', '--org', org, '--name', 'Mug', '--price', '10.00', '--currency', 'USD'], env),
      cliJson(['webhook', 'add', '--org', org, '--env', 'sandbox', '--url', receiver.url], env),
    ])

    fleet = new Fleet(env, runDir)
    for (let i = 1; i <= options.apis; i++) fleet.add('api', `api-${i}`, await freePort())
    for (let i = 1; i <= options.workers; i++) fleet.add('worker', `worker-${i}`, null)
    // One API process builds the dashboard if its sources changed; the other API then finds it built.
    const [first, ...later] = fleet.members.filter((m) => m.kind === 'api')
    const early = [first, ...fleet.members.filter((m) => m.kind === 'worker')]
    for (const m of early) fleet.start(m)
    await fleet.ready(first)
    for (const m of later) fleet.start(m)
    await Promise.all([...early, ...later].map((m) => fleet!.ready(m)))
    log(`fleet up: ${fleet.members.map((m) => m.name).join(', ')} (${Date.now() - started} ms from start)`)

    const load = new Load({
      apiBases: () => fleet!.apiBases(),
      apiKey: String(key.key),
      productId: String(product.id),
      concurrency: options.concurrency,
    })
    const loadStarted = Date.now()
    load.start()
    const kills: { cycle: number; name: string; at: number; readyMs: number }[] = []
    const pgDown: Window[] = []
    const pgRestartCycle = options.pgRestart ? Math.ceil(options.cycles / 2) : 0
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      await sleep(options.intervalMs * (0.5 + Math.random()))
      if (cycle === pgRestartCycle) {
        const from = Date.now()
        await cluster.stop('fast')
        await sleep(options.pgDownMs)
        await cluster.start()
        await cluster.ready()
        pgDown.push({ from, to: Date.now() })
        log(`PostgreSQL restarted: down ${Date.now() - from} ms`)
        await sleep(options.intervalMs * (0.5 + Math.random()))
      }
      const victim: Member = fleet.members[Math.floor(Math.random() * fleet.members.length)]
      const at = Date.now()
      await fleet.killAndRestart(victim)
      kills.push({ cycle, name: victim.name, at, readyMs: Date.now() - at })
      log(`cycle ${cycle}/${options.cycles}: SIGKILL ${victim.name}, serving again after ${Date.now() - at} ms`)
    }
    await sleep(options.intervalMs)
    await load.stop()
    const loadMs = Date.now() - loadStarted
    log(`load stopped after ${loadMs} ms (${load.requests.length} requests); draining`)

    client = new pg.Client({ connectionString: cluster.url('kassa_chaos') })
    await client.connect()
    const drained = await drain(client, options.drainTimeoutMs)
    // Deliveries recorded as succeeded are in the receiver already; give the last answers a moment to land.
    await sleep(1000)
    const violations = await invariantViolations(client, receiver.accepted)
    if (drained.left.deliveriesPending || drained.left.refundsInFlight || drained.left.jobsDue)
      violations.push(`not drained after ${drained.ms} ms: ${JSON.stringify(drained.left)}`)
    const ledger = await cli(['ledger', 'check'], env)
    if (ledger.code !== 0) violations.push(`kassa ledger check exited ${ledger.code}: ${ledger.out.trim()}`)
    const requests = classifyRequests(load.requests, pgDown)
    for (const r of requests.unexpected5xx.slice(0, 20))
      violations.push(
        `5xx outside the PostgreSQL outage: ${r.route} ${r.status} ${r.code ?? ''} at +${r.start - loadStarted} ms`,
      )
    for (const c of fleet.crashes)
      violations.push(`${c.name} exited on its own (code ${c.code}, signal ${c.signal}): ${c.tail.slice(-300)}`)
    const db = await totals(client)
    const left = await backlog(client)
    await client.end()
    client = null
    const exits = await fleet.stop()
    for (const e of exits)
      if (e.code !== 0) violations.push(`${e.name} did not shut down cleanly on SIGTERM (exit ${e.code})`)
    loadAverage.end = loadavg()[0]
    keepRunDir = options.keep || violations.length > 0
    return {
      ok: violations.length === 0,
      violations,
      date: new Date(started).toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', node: process.version, loadAverage },
      options: { ...options, log: undefined },
      durationMs: Date.now() - started,
      loadMs,
      drainMs: drained.ms,
      kills,
      pgDown: pgDown.map((w) => ({ ...w, ms: w.to - w.from })),
      requests: requests.summary,
      flows: load.outcomes,
      receiver: { ...receiver.stats, distinctEvents: receiver.accepted.size },
      database: { ...db, paymentsStillProcessing: left.paymentsProcessing },
      ledgerCheck: ledger.code,
      crashes: fleet.crashes.length,
      runDir: keepRunDir ? runDir : null,
    }
  } finally {
    await client?.end().catch(() => {})
    if (fleet) await fleet.stop(5000).catch(() => {})
    await receiver.close()
    await cluster?.destroy(!keepRunDir)
    if (keepRunDir) log(`kept ${runDir}`)
    else rmSync(runDir, { recursive: true, force: true })
  }
}

export type ChaosReport = Awaited<ReturnType<typeof runChaos>>
