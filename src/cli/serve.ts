import { buildApp } from '../app.ts'
import { openPlatform } from '../platform.ts'
import { migrate } from '../db/migrator.ts'
import { createWorker } from '../worker/registry.ts'
import { checkProviderSetup } from '../modules/provider/index.ts'
import { WebhookDispatcher } from '../modules/webhooks/index.ts'
import { output, parse, type CommandContext } from './io.ts'
import { banner, seedDemoIfEmpty } from './seed.ts'
import { ensureDashboardBuilt } from '../modules/dashboard-app/index.ts'
const untilSignal = () =>
  new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })

export async function serveCommand(cli: CommandContext) {
  const { values } = parse(cli.argv, { 'no-worker': { type: 'boolean' } })
  // The dashboard web app is built here, not by a separate command, so `npm ci && npm start` is enough.
  // It builds while the database opens and migrates; a no-op (~20 ms) when web/dashboard is unchanged.
  const dashboardBuild = ensureDashboardBuilt().then(
    (result) => ({ result, error: null }),
    (error: unknown) => ({ result: null, error }),
  )
  const platform = await openPlatform()
  const { ctx } = platform
  const demo = ctx.dbKind === 'pglite' || ctx.config.seedDemo ? await seedDemoIfEmpty(ctx) : null
  const dashboard = await dashboardBuild
  // A broken dashboard build must not take the payments API down: /dashboard/ answers 503 (or the previous build).
  if (dashboard.error) ctx.log.error({ err: dashboard.error }, 'dashboard web app build failed')
  else if (dashboard.result?.built) ctx.log.info({ ms: dashboard.result.ms }, 'dashboard web app built')
  const app = await buildApp(ctx)
  await app.listen({ port: ctx.config.port, host: ctx.config.host })
  const worker = values['no-worker'] ? null : createWorker(ctx)
  worker?.start()
  const webhooks = values['no-worker'] ? null : new WebhookDispatcher(ctx)
  webhooks?.start()
  if (cli.json) output(cli, { url: ctx.config.publicUrl, worker: worker !== null, demo }, '')
  else process.stdout.write(banner(ctx, demo, worker !== null))
  const signal = await untilSignal()
  ctx.log.info({ signal }, 'shutting down')
  await app.close()
  await worker?.stop()
  await webhooks?.stop()
  await platform.close()
  return 0
}

export async function workerCommand(cli: CommandContext) {
  parse(cli.argv, {})
  const platform = await openPlatform()
  // The worker calls providers too (deposit settlement, refunds): same start-up check as the API.
  checkProviderSetup(platform.ctx)
  const worker = createWorker(platform.ctx)
  worker.start()
  const webhooks = new WebhookDispatcher(platform.ctx)
  webhooks.start()
  platform.ctx.log.info({ worker: worker.id, webhooks: webhooks.id }, 'worker started')
  await untilSignal()
  await worker.stop()
  await webhooks.stop()
  await platform.close()
  return 0
}

export async function migrateCommand(cli: CommandContext) {
  parse(cli.argv, {})
  const platform = await openPlatform({ migrate: false })
  try {
    const result = await migrate(platform.ctx.db)
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
