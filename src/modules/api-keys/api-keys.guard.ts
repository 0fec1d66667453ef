import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import type { AppContext } from '../../context.ts'
import { type ApiKeyPrincipal, isSandboxMirror } from '../auth/index.ts'
import { authenticateApiKey, hasAnyScope } from './api-keys.service.ts'
import { AppError, forbidden, unauthenticated } from '../../lib/errors.ts'

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: ApiKeyPrincipal
  }
}

/** `Authorization: Api-Key <key>` or `Api-Key: <key>`; null when neither is present. */
export function readApiKey(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization
  if (authorization) {
    const match = /^Api-Key\s+(\S+)\s*$/i.exec(authorization)
    return match ? match[1] : null
  }
  const header = request.headers['api-key']
  return typeof header === 'string' && header.trim() ? header.trim() : null
}

/**
 * Route guard for API-key routes. 401 for missing/invalid/revoked credentials, 403 for a valid key
 * without the scope (any of `scopes`) or for a production key on the `/sandbox/api/` mirror.
 */
export function requireApiKey(ctx: AppContext, scopes: readonly string[]): onRequestHookHandler {
  return async function apiKeyGuard(request: FastifyRequest, _reply: FastifyReply) {
    const authorization = request.headers.authorization
    if (authorization && /^Token\s/i.test(authorization)) {
      throw new AppError(
        'wrong_credentials_type',
        'This endpoint requires an API key (Authorization: Api-Key <key>); dashboard tokens are not accepted.',
        undefined,
        { 'www-authenticate': 'Api-Key' },
      )
    }
    const raw = readApiKey(request)
    if (!raw) throw unauthenticated()
    const principal = await authenticateApiKey(ctx.db, raw, ctx.clock.now(), ctx.config.apiKeyCacheTtlMs)
    if (!principal) throw unauthenticated('Invalid or revoked API key.')
    if (isSandboxMirror(request) && principal.environment !== 'sandbox') {
      throw forbidden(
        'environment_mismatch',
        'The /sandbox/api/ base path accepts sandbox API keys only; use /api/ with a production key.',
      )
    }
    if (!hasAnyScope(principal, scopes)) {
      throw forbidden('insufficient_scope', `This API key lacks the required scope: ${scopes.join(' or ')}.`)
    }
    request.apiKey = principal
  }
}

/** The principal set by requireApiKey; a route without the guard calling this is a programming error. */
export function principalOf(request: FastifyRequest): ApiKeyPrincipal {
  if (!request.apiKey) throw new Error('route is missing requireApiKey')
  return request.apiKey
}
