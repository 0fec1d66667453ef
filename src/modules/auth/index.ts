// The public surface of the auth module: other modules import only from this file.
export {
  SESSION_SECURITY,
  environmentFilterOf,
  environmentOf,
  isSandboxMirror,
  requireSession,
  sessionOf,
} from './auth.guard.ts'
export type { InvitationsTable } from './auth.table.ts'
export type { ApiKeyPrincipal, DashboardUser } from './principals.ts'
export { BUILDERS, MANAGERS, ROLES, permissionsOf } from './roles.ts'
export type { Role } from './roles.ts'
export { revokeSession, revokeUserSessions } from './sessions.repository.ts'
export { issueSession, listSessions, revokeOwnSession } from './sessions.service.ts'
export type { RequestMeta } from './sessions.service.ts'
