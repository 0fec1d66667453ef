import type { AppContext } from '../../context.ts'
import { conflict, FieldErrors, forbidden, notFound } from '../../lib/errors.ts'
import { hashPassword } from '../../lib/crypto.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { findOrganization } from '../organizations/index.ts'
import { validatePassword } from './accounts.service.ts'
import { insertUser } from './invitations.repository.ts'
import { revokeUserSessions, type DashboardUser, ROLES, type Role } from '../auth/index.ts'
import { actorOf, recordAudit } from '../audit/index.ts'
import * as repo from './accounts.repository.ts'
/**
 * Membership changes (owners and admins). An admin cannot touch an owner or make one; the last owner
 * can be neither demoted nor removed; nobody removes themselves. A new role applies on the next
 * request (sessions read the role live).
 */
async function lockTarget(trx: AppContext['db'], actor: DashboardUser, rawId: string) {
  if (!/^[1-9]\d{0,15}$/.test(rawId)) throw notFound('User')
  await repo.lockOwners(trx, actor.organizationId)
  const target = await repo.lockOrgUser(trx, actor.organizationId, Number(rawId))
  if (!target) throw notFound('User')
  if (target.role === 'owner' && actor.role !== 'owner')
    throw forbidden('permission_denied', 'Only an owner can change or remove another owner.')
  return target
}

async function assertNotLastOwner(trx: AppContext['db'], organizationId: number, target: { id: number; role: Role }) {
  if (target.role !== 'owner') return
  const owners = await repo.lockOwners(trx, organizationId)
  if (owners.filter((o) => o.id !== target.id).length === 0)
    throw conflict('last_owner', 'The organization must keep at least one owner.')
}

export async function changeUserRole(ctx: AppContext, actor: DashboardUser, rawId: string, role: Role) {
  if (role === 'owner' && actor.role !== 'owner')
    throw forbidden('permission_denied', 'Only an owner can make another owner.')
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (trx) => {
    const target = await lockTarget(trx, actor, rawId)
    if (target.role !== role) {
      if (role !== 'owner') await assertNotLastOwner(trx, actor.organizationId, target)
      await repo.updateUser(trx, target.id, { role })
      await recordAudit(
        trx,
        actorOf(actor),
        {
          action: 'user.role_changed',
          targetType: 'user',
          targetId: target.id,
          before: { role: target.role },
          after: { role },
        },
        now,
      )
    }
    return {
      id: target.id,
      email: target.email,
      name: target.name,
      role,
      two_factor_enabled: target.totp_secret !== null,
      created_at: target.created_at.toISOString(),
    }
  })
}

export async function removeUser(ctx: AppContext, actor: DashboardUser, rawId: string) {
  if (rawId === String(actor.userId))
    throw conflict('cannot_remove_self', 'You cannot remove yourself; ask another owner or admin.')
  const now = ctx.clock.now()
  await ctx.db.transaction().execute(async (trx) => {
    const target = await lockTarget(trx, actor, rawId)
    await assertNotLastOwner(trx, actor.organizationId, target)
    await repo.deleteUser(trx, target.id)
    await recordAudit(
      trx,
      actorOf(actor),
      {
        action: 'user.removed',
        targetType: 'user',
        targetId: target.id,
        before: { email: target.email, role: target.role },
      },
      now,
    )
  })
}

// ---- operator actions (CLI): no session, audited as the operator

const OPERATOR = (organizationId: number) => ({ organizationId, userId: null, email: 'operator (CLI)', ip: null })

/** Adds a user with a role to an organization directly (no invitation email). */
export async function addUserAsOperator(
  ctx: AppContext,
  input: { organizationId: number; email: string; password: string; role: Role },
) {
  const errors = new FieldErrors()
  const email = input.email.trim().toLowerCase()
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.add('email', 'Must be a valid email address.')
  if (!(ROLES as readonly string[]).includes(input.role)) errors.add('role', `Must be one of: ${ROLES.join(', ')}.`)
  validatePassword(input.password, 'password', errors)
  errors.throwIfAny()
  if (!(await findOrganization(ctx.db, input.organizationId))) throw notFound('Organization')
  const passwordHash = await hashPassword(input.password)
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const user = await insertUser(trx, {
        organization_id: input.organizationId,
        email,
        password_hash: passwordHash,
        role: input.role,
      })
      await recordAudit(
        trx,
        OPERATOR(input.organizationId),
        { action: 'user.added', targetType: 'user', targetId: user.id, after: { email, role: input.role } },
        ctx.clock.now(),
      )
      return user
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('user_exists', 'A user with this email already exists.')
    throw err
  }
}

/** For a user who lost both the authenticator and the recovery codes: 2FA off, every session ended. */
export async function resetTwoFactorAsOperator(ctx: AppContext, emailRaw: string) {
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (trx) => {
    const found = await repo.findUserByEmail(trx, emailRaw)
    const user = found && (await repo.lockUser(trx, found.id))
    if (!user) throw notFound('User')
    await repo.updateUser(trx, user.id, {
      totp_secret: null,
      totp_pending_secret: null,
      totp_enabled_at: null,
      totp_last_step: null,
    })
    await repo.replaceRecoveryCodes(trx, user.id, [])
    const sessions = await revokeUserSessions(trx, user.id, now)
    await recordAudit(
      trx,
      OPERATOR(user.organization_id),
      {
        action: 'user.two_factor_reset',
        targetType: 'user',
        targetId: user.id,
        before: { two_factor_enabled: user.totp_secret !== null },
        after: { two_factor_enabled: false },
      },
      now,
    )
    return {
      user_id: user.id,
      email: user.email,
      two_factor_was_enabled: user.totp_secret !== null,
      sessions_revoked: sessions,
    }
  })
}

/** The team list of the dashboard. */
export async function listOrganizationUsers(ctx: AppContext, user: DashboardUser) {
  return (await repo.listUsers(ctx.db, user.organizationId)).map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    two_factor_enabled: u.totp_enabled_at !== null,
    created_at: u.created_at.toISOString(),
  }))
}
