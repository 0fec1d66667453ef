import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import type { AppContext } from '../../context.ts'
import type { Environment } from '../../db/schema.ts'
import { authenticateSession } from './sessions.service.ts'
import type { DashboardUser } from './principals.ts'
import { ANY_ROLE, type Role } from './roles.ts'
import { AppError, forbidden } from '../../lib/errors.ts'

/**
 * Dashboard session guard. Usage in a route:
 *
 *   app.get('/organization/', { onRequest: requireSession(ctx, { roles: MANAGERS }), schema: { security: SESSION_SECURITY, … } },
 *     async (request) => service(ctx, sessionOf(request)))
 *
 * - `Authorization: Token <token>` only. Missing, unknown, revoked or expired token → 401 `not_authenticated`.
 * - An API key (`Authorization: Api-Key …` or header `Api-Key`) → 401 `wrong_credentials_type`.
 * - A role outside `roles` (default: every role) → 403 `permission_denied`.
 * Sets `request.dashboardUser` (also read by the idempotency plugin to scope keys per user).
 */

/** True on the `/sandbox/api/` mirror, which serves sandbox data and sandbox keys only. */
export const isSandboxMirror = (request: FastifyRequest) => request.url.startsWith('/sandbox/')

declare module 'fastify' {
  interface FastifyRequest {
    dashboardUser?: DashboardUser
  }
}

export const SESSION_SECURITY = [{ Token: [] }]

const tokenChallenge = { 'www-authenticate': 'Token' }

export function requireSession(ctx: AppContext, options: { roles?: readonly Role[] } = {}): onRequestHookHandler {
  const roles = options.roles ?? ANY_ROLE
  return async function sessionGuard(request: FastifyRequest, _reply: FastifyReply) {
    const authorization = request.headers.authorization
    if (
      (authorization && /^Api-Key\s/i.test(authorization)) ||
      (!authorization && request.headers['api-key'] !== undefined)
    ) {
      throw new AppError(
        'wrong_credentials_type',
        'This endpoint requires a dashboard session (Authorization: Token <access_token>); API keys are not accepted.',
        undefined,
        tokenChallenge,
      )
    }
    const match = authorization ? /^Token\s+(\S+)\s*$/i.exec(authorization) : null
    if (!match)
      throw new AppError(
        'not_authenticated',
        'Authentication credentials were not provided or are invalid.',
        undefined,
        tokenChallenge,
      )
    const principal = await authenticateSession(ctx, match[1])
    if (!principal)
      throw new AppError(
        'not_authenticated',
        'Invalid or expired session token; sign in again.',
        undefined,
        tokenChallenge,
      )
    if (!roles.includes(principal.role)) {
      throw forbidden(
        'permission_denied',
        `Your role (${principal.role}) does not allow this action; it needs one of: ${roles.join(', ')}.`,
      )
    }
    request.dashboardUser = { ...principal, ip: request.ip }
  }
}

/** The user set by requireSession; a route without the guard calling this is a programming error. */
export function sessionOf(request: FastifyRequest): DashboardUser {
  if (!request.dashboardUser) throw new Error('route is missing requireSession')
  return request.dashboardUser
}

/**
 * The environment a dashboard request works on: the `environment` query/body field, default sandbox.
 * On the /sandbox/api/ mirror only sandbox is allowed (as for API keys: the mirror serves sandbox data only).
 */
export function environmentOf(request: FastifyRequest, requested: Environment | undefined): Environment {
  const environment = requested ?? 'sandbox'
  if (environment === 'production' && isSandboxMirror(request)) {
    throw forbidden(
      'environment_mismatch',
      'The /sandbox/api/ base path serves sandbox data only; use /api/ for production.',
    )
  }
  return environment
}

/** For lists that show both environments unless filtered: the filter, or null (both); sandbox only on the mirror. */
export function environmentFilterOf(request: FastifyRequest, requested: Environment | undefined): Environment | null {
  if (isSandboxMirror(request)) return environmentOf(request, requested)
  return requested ?? null
}
