import { buildApp } from '../app.ts'
import { migrateDirect, openPlatform } from '../platform.ts'
import { createWorker } from '../worker/registry.ts'
import { checkProviderSetup } from '../modules/provider/index.ts'
import { WebhookDispatcher } from '../modules/webhooks/index.ts'
import { ApiProcesses, isApiProcess } from './cluster.ts'
import { output, parse, UsageError, type CommandContext } from './io.ts'
import { banner, seedDemoIfEmpty } from './seed.ts'
import type { AppContext } from '../context.ts'
import { startMetricsServer } from '../http/metrics.ts'
import { gracefulShutdown } from './shutdown.ts'
import { ensureDashboardBuilt } from '../modules/dashboard-app/index.ts'
import { RUNNING_FROM_BUILD } from '../lib/install-layout.ts'
const untilSignal = () =>
  new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })

/** One of the N API processes of `kassa serve --processes N`: the API only, on the shared port. */
async function apiProcess() {
  const platform = await openPlatform({ migrate: false, command: 'serve' })
  const { ctx } = platform
  const app = await buildApp(ctx)
  await app.listen({ port: ctx.config.port, host: ctx.config.host })
  await untilSignal()
  await gracefulShutdown(ctx, { app })
  await platform.close()
  return 0
}

function processCount(raw: string | undefined): number | null {
  if (raw === undefined) return null
  if (!/^[1-9]\d{0,2}$/.test(raw)) throw new UsageError('--processes must be a number of processes (1 to 999)')
  return Number(raw)
}

export async function serveCommand(cli: CommandContext) {
  if (isApiProcess()) return apiProcess()
  const { values } = parse(cli.argv, { 'no-worker': { type: 'boolean' }, processes: { type: 'string' } })
  const processes = processCount(values.processes)
  // Running the sources (through tsx), the dashboard web app is built here when web/dashboard changed, while
  // the database opens and migrates; a no-op (~20 ms) otherwise, and always when running the build in dist/.
  const dashboardBuild = ensureDashboardBuilt().then(
    (result) => ({ result, error: null }),
    (error: unknown) => ({ result: null, error }),
  )
  const platform = await openPlatform({ share: true, command: 'serve' })
  const { ctx } = platform
  if (ctx.config.nodeEnv === 'production' && !RUNNING_FROM_BUILD)
    ctx.log.warn(
      'NODE_ENV=production is running the TypeScript sources: run `npm run build` (see docs/self-hosting/operations.md)',
    )
  if (processes !== null && ctx.dbKind !== 'postgres') {
    await platform.close()
    throw new UsageError('--processes needs PostgreSQL (DATABASE_URL): the embedded database is one process')
  }
  const demo = ctx.dbKind === 'pglite' || ctx.config.seedDemo ? await seedDemoIfEmpty(ctx) : null
  const dashboard = await dashboardBuild
  // A broken dashboard build must not take the payments API down: /dashboard/ answers 503 (or the previous build).
  if (dashboard.error) ctx.log.error({ err: dashboard.error }, 'dashboard web app build failed')
  else if (dashboard.result?.built) ctx.log.info({ ms: dashboard.result.ms }, 'dashboard web app built')
  // With --processes the API runs in N child processes and this one keeps the worker.
  const apiProcesses = processes === null ? null : new ApiProcesses(ctx, processes)
  const app = apiProcesses ? null : await buildApp(ctx)
  if (app) await app.listen({ port: ctx.config.port, host: ctx.config.host })
  else await apiProcesses!.start()
  const metricsServer = await maybeMetricsServer(ctx)
  const worker = values['no-worker'] ? null : createWorker(ctx)
  worker?.start()
  const webhooks = values['no-worker'] ? null : new WebhookDispatcher(ctx)
  webhooks?.start()
  const api_pids = apiProcesses?.pids() ?? [process.pid]
  if (cli.json) output(cli, { url: ctx.config.publicUrl, worker: worker !== null, demo, api_pids }, '')
  else process.stdout.write(banner(ctx, demo, worker !== null))
  const signal = await untilSignal()
  ctx.log.info({ signal }, 'shutting down')
  if (ctx.lifecycle) ctx.lifecycle.draining = true
  await Promise.all([
    apiProcesses?.stop(ctx.config.shutdownTimeoutMs),
    gracefulShutdown(ctx, { app, worker, webhooks, metricsServer }),
  ])
  await platform.close()
  return 0
}

async function maybeMetricsServer(ctx: AppContext) {
  if (ctx.config.metricsPort === null) return null
  const server = await startMetricsServer(ctx, ctx.config.metricsPort, ctx.config.host)
  ctx.log.info({ address: server.address() }, 'metrics listening')
  return server
}

export async function workerCommand(cli: CommandContext) {
  parse(cli.argv, {})
  const platform = await openPlatform({ share: true, command: 'worker' })
  // The worker calls providers too (deposit settlement, refunds): same start-up check as the API.
  checkProviderSetup(platform.ctx)
  const metricsServer = await maybeMetricsServer(platform.ctx)
  const worker = createWorker(platform.ctx)
  worker.start()
  const webhooks = new WebhookDispatcher(platform.ctx)
  webhooks.start()
  platform.ctx.log.info({ worker: worker.id, webhooks: webhooks.id }, 'worker started')
  await untilSignal()
  await gracefulShutdown(platform.ctx, { worker, webhooks, metricsServer })
  await platform.close()
  return 0
}

export async function migrateCommand(cli: CommandContext) {
  parse(cli.argv, {})
  const platform = await openPlatform({ migrate: false })
  try {
    const result = await migrateDirect(platform.ctx.config, platform.handle)
    output(
      cli,
      result,
      result.applied.length
        ? `Applied: ${result.applied.join(', ')} (schema version ${result.version})`
        : `Up to date (schema version ${result.version})`,
    )
  } finally {
    await platform.close()
  }
}
