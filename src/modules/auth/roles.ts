import type { Role } from './auth.table.ts'

export type { Role }
export const ROLES = ['owner', 'admin', 'developer', 'viewer'] as const satisfies readonly Role[]

/**
 * The role matrix (README "Roles"): every role reads; viewers only read.
 * - MANAGERS (owner, admin): organization settings, API keys, refunds, invitations, audit log, every email.
 * - BUILDERS (owner, admin, developer): catalog, webhooks configuration, payment links.
 * Only an owner can invite or promote another owner.
 */
export const ANY_ROLE: readonly Role[] = ROLES
export const BUILDERS: readonly Role[] = ['owner', 'admin', 'developer']
export const MANAGERS: readonly Role[] = ['owner', 'admin']
