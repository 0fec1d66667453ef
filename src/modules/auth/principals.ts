import type { Environment } from '../../db/types.ts'
import type { Role } from './roles.ts'

// Who is calling: the two kinds of principal a route guard sets on the request.

/** A signed-in dashboard user, from `Authorization: Token <token>`. */
export interface SessionPrincipal {
  sessionId: number
  userId: number
  organizationId: number
  role: Role
  email: string
  expiresAt: Date
}

/** The session principal plus the request's address, as routes hand it to services. */
export interface DashboardUser extends SessionPrincipal {
  ip: string
}

/** A merchant's API key, from `Authorization: Api-Key <key>`: one organization, one environment. */
export interface ApiKeyPrincipal {
  keyId: number
  organizationId: number
  environment: Environment
  scopes: string[]
}
