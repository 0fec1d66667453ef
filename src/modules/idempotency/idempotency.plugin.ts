import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import { sha256Hex } from '../../lib/crypto.ts'
import { AppError, conflict, fieldError } from '../../lib/errors.ts'
import * as repo from './idempotency.repository.ts'

const TTL_MS = 24 * 60 * 60 * 1000

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyRowId?: number
  }
  interface FastifyContextConfig {
    /** The answer carries a secret shown once (raw API key, TOTP secret, recovery codes): never stored for replay. */
    answerHasSecret?: boolean
  }
}

/** Who a key belongs to: the API key, the dashboard session's user, or (public routes) nobody shared. */
function scopeOf(request: FastifyRequest): string | null {
  if (request.apiKey) return `api_key:${request.apiKey.keyId}`
  const user = (request as { dashboardUser?: { userId: number } }).dashboardUser
  if (user) return `user:${user.userId}`
  return null
}

/**
 * Stripe-style idempotency for every POST under /api/: the first answer (status + body) is stored and
 * replayed for 24 h; same key with another body → 409 idempotency_key_reused; still in flight → 409
 * idempotency_key_in_use. 5xx answers are not stored, so the client may retry them.
 */
export function installIdempotency(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST' || request.routeOptions.config?.answerHasSecret) return
    const key = request.headers['idempotency-key']
    if (key === undefined) return
    if (typeof key !== 'string' || key.length === 0 || key.length > 255) {
      throw fieldError('Idempotency-Key', 'Must be 1 to 255 characters.')
    }
    const scope = scopeOf(request)
    if (!scope) return
    const requestHash = sha256Hex(
      `${request.method} ${request.routeOptions.url} ${JSON.stringify(request.params)} ${JSON.stringify(request.body ?? null)}`,
    )
    const now = ctx.clock.now()
    for (let tries = 0; tries < 2; tries++) {
      const claimed = await repo.claimKey(ctx.db, {
        scope,
        key,
        request_hash: requestHash,
        expires_at: new Date(now.getTime() + TTL_MS),
      })
      if (claimed) {
        request.idempotencyRowId = claimed.id
        return
      }
      const existing = await repo.findKey(ctx.db, scope, key)
      if (!existing) continue
      if (existing.expires_at <= now) {
        await repo.deleteKey(ctx.db, existing.id)
        continue
      }
      if (existing.request_hash !== requestHash) {
        throw conflict(
          'idempotency_key_reused',
          'This Idempotency-Key was already used with a different request body or path.',
        )
      }
      if (existing.state === 'in_flight') {
        throw conflict(
          'idempotency_key_in_use',
          'A request with this Idempotency-Key is still being processed; retry later.',
        )
      }
      reply.header('idempotent-replayed', 'true').header('content-type', 'application/json; charset=utf-8')
      return reply.status(existing.response_status ?? 200).send(existing.response_body)
    }
    throw new AppError('idempotency_key_in_use', 'Could not claim the Idempotency-Key; retry.')
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const id = request.idempotencyRowId
    if (id === undefined) return payload
    request.idempotencyRowId = undefined
    if (reply.statusCode >= 500 || typeof payload !== 'string') await repo.deleteKey(ctx.db, id)
    else await repo.completeKey(ctx.db, id, reply.statusCode, payload)
    return payload
  })
}
