import { createServer, type Server } from 'node:http'
import type { FastifyInstance } from 'fastify'
import client from 'prom-client'
import type { AppContext } from '../context.ts'
import { countsByStatus, jobQueueStats, webhookQueueStats } from '../db/metrics.repository.ts'
import { timingSafeEqualStr } from '../lib/crypto.ts'
import { httpRequestDuration, registry } from '../lib/metrics.ts'

function gauge(into: client.Registry, name: string, help: string, labelNames: string[] = []) {
  return new client.Gauge({ name, help, labelNames, registers: [into] })
}

/** Series read at scrape time: what the database says about queues and money, whichever process did the work. */
async function scrapeDatabase(ctx: AppContext): Promise<client.Registry> {
  const into = new client.Registry()
  const pool = ctx.poolStats?.() ?? { total: 1, idle: 1, waiting: 0 }
  const poolGauge = gauge(into, 'kassa_db_pool_connections', 'Database pool connections by state', ['state'])
  poolGauge.set({ state: 'total' }, pool.total)
  poolGauge.set({ state: 'idle' }, pool.idle)
  poolGauge.set({ state: 'waiting' }, pool.waiting)
  const [jobs, webhooks, payments, refunds] = await Promise.all([
    jobQueueStats(ctx.db),
    webhookQueueStats(ctx.db),
    countsByStatus(ctx.db, 'transactions'),
    countsByStatus(ctx.db, 'refunds'),
  ])
  const depth = gauge(into, 'kassa_jobs_due', 'Jobs due now by queue (dead:<queue> are parked)', ['queue'])
  const age = gauge(into, 'kassa_jobs_oldest_due_age_seconds', 'Age of the oldest due job by queue', ['queue'])
  for (const row of jobs) {
    depth.set({ queue: row.queue }, row.due)
    age.set({ queue: row.queue }, Math.max(0, row.oldest_seconds ?? 0))
  }
  gauge(into, 'kassa_webhook_deliveries_due', 'Webhook deliveries due now').set(webhooks.due)
  gauge(into, 'kassa_webhook_oldest_due_age_seconds', 'Age of the oldest due webhook delivery').set(
    Math.max(0, webhooks.oldest_seconds ?? 0),
  )
  const byStatus = (name: string, help: string, rows: typeof payments) => {
    const g = gauge(into, name, help, ['environment', 'status'])
    for (const r of rows) g.set({ environment: r.environment, status: r.status }, r.n)
  }
  byStatus('kassa_payments', 'Payments by environment and status', payments)
  byStatus('kassa_refunds', 'Refunds by environment and status', refunds)
  return into
}

export async function metricsText(ctx: AppContext): Promise<string> {
  const database = await scrapeDatabase(ctx)
  return client.Registry.merge([registry, database]).metrics()
}

/** Request durations for every route; GET /metrics on the API port when METRICS_TOKEN is set (Bearer). */
export function installMetrics(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onResponse', async (request, reply) => {
    httpRequestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    )
  })
  const token = ctx.config.metricsToken
  if (!token) return
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? ''
    if (!timingSafeEqualStr(given, token))
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send({ detail: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.', code: 'not_authenticated' })
    return reply.type(client.register.contentType).send(await metricsText(ctx))
  })
}

/** METRICS_PORT: /metrics on its own listener (no credentials; bind it where only Prometheus reaches). */
export async function startMetricsServer(ctx: AppContext, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not found.","code":"not_found"}')
      return
    }
    metricsText(ctx).then(
      (text) => res.writeHead(200, { 'content-type': client.register.contentType }).end(text),
      (err) => {
        ctx.log.error({ err }, 'metrics scrape failed')
        res
          .writeHead(503, { 'content-type': 'application/json' })
          .end('{"detail":"Metrics unavailable.","code":"not_ready"}')
      },
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  return server
}
