import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import { forbidden } from '../../lib/errors.ts'
import type { ApiKeyPrincipal } from '../auth/index.ts'
import { maxEventId, recentEvents } from './stream.repository.ts'

const POLL_MS = 200
const HEARTBEAT_MS = 15_000
// Transactions commit within seconds; an event whose transaction started earlier than this
// before its commit could be missed. `kassa listen` is a development tool, so this is acceptable.
const LOOKBACK_MS = 60_000

/**
 * Server-sent events of the key's organization's sandbox events as they are recorded, for
 * `kassa listen`. Sandbox keys only: production traffic is never streamed to a laptop.
 */
export async function streamSandboxEvents(
  ctx: AppContext,
  principal: ApiKeyPrincipal,
  request: FastifyRequest,
  reply: FastifyReply,
  openStreams: Set<() => void>,
): Promise<void> {
  if (principal.environment !== 'sandbox')
    throw forbidden('sandbox_only', 'Event streaming (kassa listen) accepts sandbox API keys only.')
  const scope = { organizationId: principal.organizationId, environment: principal.environment }
  // Only events recorded after the connection opened; `seen` dedupes the lookback window.
  const baseline = await maxEventId(ctx.db)
  const seen = new Map<number, number>()
  reply.hijack()
  const res = reply.raw
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  })
  let open = true
  const end = () => {
    open = false
  }
  openStreams.add(end)
  request.raw.on('close', end)
  res.on('close', end)
  res.write(
    `retry: 2000\n\nevent: ready\ndata: ${JSON.stringify({ organization_id: scope.organizationId, environment: scope.environment })}\n\n`,
  )
  let lastWrite = Date.now()
  while (open) {
    try {
      const now = Date.now()
      for (const event of await recentEvents(ctx.db, scope, baseline, LOOKBACK_MS)) {
        if (seen.has(event.id)) continue
        seen.set(event.id, now)
        const data = typeof event.payload === 'string' ? event.payload : JSON.stringify(event.payload)
        res.write(`id: ${event.public_id}\nevent: ${event.type}\ndata: ${data}\n\n`)
        lastWrite = now
      }
      for (const [id, at] of seen) if (now - at > 2 * LOOKBACK_MS) seen.delete(id)
      if (now - lastWrite > HEARTBEAT_MS) {
        res.write(': keep-alive\n\n')
        lastWrite = now
      }
    } catch (err) {
      ctx.log.warn({ err }, 'event stream poll failed')
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
  openStreams.delete(end)
  res.end()
}
