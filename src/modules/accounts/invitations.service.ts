import type { Selectable } from 'kysely'
import type { AppContext } from '../../context.ts'
import { hashPassword, randomToken, sha256Hex } from '../../lib/crypto.ts'
import { AppError, conflict, FieldErrors, forbidden, notFound } from '../../lib/errors.ts'
import { type DashboardUser, type InvitationsTable, type Role, issueSession, type RequestMeta } from '../auth/index.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { parseLookupId } from '../../lib/ids.ts'
import { actorOf, recordAudit } from '../audit/index.ts'
import { deliverEmail, enqueueEmail } from '../email/index.ts'
import { findOrganization } from '../organizations/index.ts'
import { findUserByEmail } from './accounts.repository.ts'
import { validatePassword } from './accounts.service.ts'
import * as repo from './invitations.repository.ts'
const INVITATION_TTL_MS = 7 * 24 * 3_600_000

export function serializeInvitation(row: Selectable<InvitationsTable>, now: Date) {
  const status: typeof row.status | 'expired' =
    row.status === 'pending' && row.expires_at <= now ? 'expired' : row.status
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status,
    expires_at: row.expires_at.toISOString(),
    created_at: row.created_at.toISOString(),
  }
}

/** Invites an email into the caller's organization; the link (token) is only in the email. */
export async function inviteUser(ctx: AppContext, inviter: DashboardUser, input: { email: string; role: Role }) {
  const email = input.email.trim().toLowerCase()
  if (input.role === 'owner' && inviter.role !== 'owner')
    throw forbidden('permission_denied', 'Only an owner can invite another owner.')
  if (await findUserByEmail(ctx.db, email))
    throw conflict(
      'user_exists',
      'A user with this email already exists; each user belongs to exactly one organization.',
    )
  const org = await findOrganization(ctx.db, inviter.organizationId)
  if (!org) throw notFound('Organization')
  const token = randomToken(32)
  const now = ctx.clock.now()
  const { invitation, emailId } = await ctx.db.transaction().execute(async (trx) => {
    await repo.revokePendingFor(trx, inviter.organizationId, email)
    const invitation = await repo.insertInvitation(trx, {
      organization_id: inviter.organizationId,
      email,
      role: input.role,
      token_hash: sha256Hex(token),
      invited_by_user_id: inviter.userId,
      expires_at: new Date(now.getTime() + INVITATION_TTL_MS),
      created_at: now,
    })
    const link = `${ctx.config.publicUrl}/dashboard/accept-invitation?token=${token}`
    const emailId = await enqueueEmail(
      trx,
      {
        organizationId: inviter.organizationId,
        to: email,
        subject: `You are invited to ${org.name} on ${ctx.config.platformName}`,
        text: `${inviter.email} invited you to join ${org.name} as ${input.role}.\n\nAccept within 7 days: ${link}\n\nInvitation token: ${token}\n`,
      },
      now,
    )
    await recordAudit(
      trx,
      actorOf(inviter),
      {
        action: 'invitation.created',
        targetType: 'invitation',
        targetId: invitation.id,
        after: { email, role: input.role },
      },
      now,
    )
    return { invitation, emailId }
  })
  await deliverEmail(ctx, emailId).catch((err) =>
    ctx.log.warn({ err, emailId }, 'invitation email not sent yet; the worker will retry'),
  )
  return serializeInvitation(invitation, now)
}

export async function listInvitations(ctx: AppContext, user: DashboardUser) {
  const now = ctx.clock.now()
  return (await repo.listInvitations(ctx.db, user.organizationId)).map((r) => serializeInvitation(r, now))
}

export async function revokeInvitation(ctx: AppContext, user: DashboardUser, rawId: string) {
  const id = parseLookupId(rawId, '')
  if (!id || !('numeric' in id)) throw notFound('Invitation')
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (trx) => {
    const row =
      (await repo.revokeInvitation(trx, user.organizationId, id.numeric)) ??
      (await repo.findInvitation(trx, user.organizationId, id.numeric))
    if (!row) throw notFound('Invitation')
    await recordAudit(
      trx,
      actorOf(user),
      {
        action: 'invitation.revoked',
        targetType: 'invitation',
        targetId: row.id,
        before: { status: 'pending' },
        after: { status: 'revoked' },
      },
      now,
    )
    return serializeInvitation(row, now)
  })
}

/** What an invitation link leads to, for the accept page (the token is the credential, so no session). */
export async function previewInvitation(ctx: AppContext, token: string) {
  const row = await repo.findPendingByToken(ctx.db, sha256Hex(token), ctx.clock.now())
  if (!row)
    throw new AppError('invalid_invitation', 'This invitation is invalid, expired, revoked or already used.', {
      token: ['Invalid, expired, revoked or already used.'],
    })
  return {
    email: row.email,
    role: row.role,
    organization: { name: row.organization_name },
    platform_name: ctx.config.platformName,
    expires_at: row.expires_at.toISOString(),
  }
}

/** Accepting creates the user with the invited role and signs them in. */
export async function acceptInvitation(ctx: AppContext, input: { token: string; password: string }, meta: RequestMeta) {
  const errors = new FieldErrors()
  validatePassword(input.password, 'password', errors)
  errors.throwIfAny()
  const passwordHash = await hashPassword(input.password)
  const now = ctx.clock.now()
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const invitation = await repo.acceptInvitation(trx, sha256Hex(input.token), now)
      if (!invitation)
        throw new AppError('invalid_invitation', 'This invitation is invalid, expired, revoked or already used.', {
          token: ['Invalid, expired, revoked or already used.'],
        })
      const user = await repo.insertUser(trx, {
        organization_id: invitation.organization_id,
        email: invitation.email,
        password_hash: passwordHash,
        role: invitation.role,
      })
      await recordAudit(
        trx,
        { organizationId: user.organization_id, userId: user.id, email: user.email, ip: meta.ip },
        {
          action: 'invitation.accepted',
          targetType: 'user',
          targetId: user.id,
          after: { email: user.email, role: user.role },
        },
        now,
      )
      const session = await issueSession(ctx, trx, user, meta)
      return {
        ...session,
        user: { id: user.id, email: user.email, role: user.role },
        organization: { id: user.organization_id },
      }
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('user_exists', 'A user with this email already exists.')
    throw err
  }
}
