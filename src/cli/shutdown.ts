import type { Server } from 'node:http'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../context.ts'
import { releaseLeases } from '../db/leases.repository.ts'

export interface RunningParts {
  app?: FastifyInstance | null
  worker?: { id: string; stop(): Promise<void> } | null
  webhooks?: { id: string; stop(): Promise<void> } | null
  metricsServer?: Server | null
}

/**
 * SIGTERM, in order: /readyz turns 503 (load balancers stop sending work), the listener stops
 * taking connections while requests in flight finish, the worker and the webhook dispatcher finish
 * what they hold, all bounded by SHUTDOWN_TIMEOUT_MS. Whatever is still held then is released so
 * another process takes it over at once. The caller closes the database afterwards.
 */
export async function gracefulShutdown(
  ctx: AppContext,
  parts: RunningParts,
  timeoutMs = ctx.config.shutdownTimeoutMs,
): Promise<{ timedOut: boolean }> {
  if (ctx.lifecycle) ctx.lifecycle.draining = true
  const started = Date.now()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  const finished = Promise.allSettled([
    parts.app?.close(),
    parts.worker?.stop(),
    parts.webhooks?.stop(),
    parts.metricsServer && new Promise((resolve) => parts.metricsServer!.close(resolve)),
  ]).then(() => 'done' as const)
  // A connection busy when close() began turns idle after its answer; keep-alive would hold it
  // (and the close) for 5 s more, so idle connections are closed as they appear.
  const reaper = setInterval(() => parts.app?.server.closeIdleConnections(), 50)
  const outcome = await Promise.race([finished, deadline])
  clearInterval(reaper)
  clearTimeout(timer)
  const timedOut = outcome === 'timeout'
  if (timedOut) {
    parts.app?.server.closeAllConnections()
    parts.metricsServer?.closeAllConnections()
    const ids = [parts.worker?.id, parts.webhooks?.id].filter((id): id is string => Boolean(id))
    const released = await releaseLeases(ctx.db, ids).catch((err) => {
      ctx.log.error({ err }, 'could not release leases at shutdown')
      return null
    })
    ctx.log.warn({ timeoutMs, released }, 'shutdown timed out; work still in flight was released to other workers')
  } else ctx.log.info({ ms: Date.now() - started }, 'shut down cleanly')
  return { timedOut }
}
