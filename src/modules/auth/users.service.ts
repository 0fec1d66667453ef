import type { AppContext } from '../../context.ts'
import { conflict, forbidden, notFound } from '../../http/errors.ts'
import type { DashboardUser } from '../../http/session-auth.ts'
import { actorOf, recordAudit } from '../audit/audit.service.ts'
import * as repo from './auth.repository.ts'
import type { Role } from './roles.ts'

/**
 * Membership changes (owners and admins). An admin cannot touch an owner or make one; the last owner
 * can be neither demoted nor removed; nobody removes themselves. A new role applies on the next
 * request (sessions read the role live).
 */
async function lockTarget(ctx: AppContext, trx: AppContext['db'], actor: DashboardUser, rawId: string) {
  if (!/^[1-9]\d{0,15}$/.test(rawId)) throw notFound('User')
  await repo.lockOwners(trx, actor.organizationId)
  const target = await repo.lockOrgUser(trx, actor.organizationId, Number(rawId))
  if (!target) throw notFound('User')
  if (target.role === 'owner' && actor.role !== 'owner') throw forbidden('permission_denied', 'Only an owner can change or remove another owner.')
  return target
}

async function assertNotLastOwner(trx: AppContext['db'], organizationId: number, target: { id: number; role: Role }) {
  if (target.role !== 'owner') return
  const owners = await repo.lockOwners(trx, organizationId)
  if (owners.filter((o) => o.id !== target.id).length === 0) throw conflict('last_owner', 'The organization must keep at least one owner.')
}

export async function changeUserRole(ctx: AppContext, actor: DashboardUser, rawId: string, role: Role) {
  if (role === 'owner' && actor.role !== 'owner') throw forbidden('permission_denied', 'Only an owner can make another owner.')
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (trx) => {
    const target = await lockTarget(ctx, trx, actor, rawId)
    if (target.role !== role) {
      if (role !== 'owner') await assertNotLastOwner(trx, actor.organizationId, target)
      await repo.updateUser(trx, target.id, { role })
      await recordAudit(trx, actorOf(actor), { action: 'user.role_changed', targetType: 'user', targetId: target.id, before: { role: target.role }, after: { role } }, now)
    }
    return { id: target.id, email: target.email, role, two_factor_enabled: target.totp_secret !== null, created_at: target.created_at.toISOString() }
  })
}

export async function removeUser(ctx: AppContext, actor: DashboardUser, rawId: string) {
  if (rawId === String(actor.userId)) throw conflict('cannot_remove_self', 'You cannot remove yourself; ask another owner or admin.')
  const now = ctx.clock.now()
  await ctx.db.transaction().execute(async (trx) => {
    const target = await lockTarget(ctx, trx, actor, rawId)
    await assertNotLastOwner(trx, actor.organizationId, target)
    await repo.deleteUser(trx, target.id)
    await recordAudit(trx, actorOf(actor), { action: 'user.removed', targetType: 'user', targetId: target.id, before: { email: target.email, role: target.role } }, now)
  })
}
