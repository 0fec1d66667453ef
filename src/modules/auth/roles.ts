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

/** What a role may do, for the dashboard web app to show or hide controls (the server enforces it anyway). */
export const PERMISSIONS = {
  'organization:write': MANAGERS,
  'api_keys:write': MANAGERS,
  'refunds:write': MANAGERS,
  'users:write': MANAGERS,
  'audit_log:read': MANAGERS,
  'catalog:write': BUILDERS,
  'webhooks:write': BUILDERS,
  'payment_links:write': BUILDERS,
  'subscriptions:write': BUILDERS,
} as const satisfies Record<string, readonly Role[]>

export const permissionsOf = (role: Role) =>
  Object.entries(PERMISSIONS)
    .filter(([, roles]) => roles.includes(role))
    .map(([name]) => name)
