import type { AppContext } from '../../context.ts'
import { hashPassword, randomToken, sha256Hex, verifyPassword } from '../../lib/crypto.ts'
import { AppError, FieldErrors, forbidden, notFound } from '../../lib/errors.ts'
import {
  type DashboardUser,
  revokeSession,
  revokeUserSessions,
  issueSession,
  type RequestMeta,
  permissionsOf,
} from '../auth/index.ts'
import { actorOf, recordAudit } from '../audit/index.ts'
import { createMerchant, findOrganization } from '../organizations/index.ts'
import * as repo from './accounts.repository.ts'
import { assertNotThrottled, clearLoginFailures, recordLoginFailure, throttleKeys } from './throttle.ts'
import { checkSecondFactor } from './two-factor.service.ts'
const CHALLENGE_TTL_MS = 5 * 60_000
const CHALLENGE_MAX_ATTEMPTS = 5
// Compared against when the email is unknown, so a miss costs the same scrypt time as a hit.
const DUMMY_HASH = hashPassword('kassa-timing-equalizer')

const invalidCredentials = () => new AppError('invalid_credentials', 'Invalid email or password.')

export function validatePassword(password: string, field: string, errors: FieldErrors) {
  if (password.length < 8) errors.add(field, 'Must be at least 8 characters.')
  if (password.length > 200) errors.add(field, 'Must be at most 200 characters.')
}

export async function login(ctx: AppContext, input: { email: string; password: string }, meta: RequestMeta) {
  const now = ctx.clock.now()
  const keys = throttleKeys(input.email, meta.ip)
  await assertNotThrottled(ctx.db, keys, now)
  const user = await repo.findUserByEmail(ctx.db, input.email)
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await DUMMY_HASH))
  if (!user || !ok) {
    await recordLoginFailure(ctx.db, keys, now)
    throw invalidCredentials()
  }
  const org = await findOrganization(ctx.db, user.organization_id)
  if (org?.status !== 'active')
    throw forbidden('organization_suspended', 'This organization is suspended; contact the platform operator.')
  // With 2FA the counters are cleared only once the code is right too: wrong codes count as failures.
  if (user.totp_secret) {
    const challenge = randomToken(32)
    await repo.insertChallenge(ctx.db, {
      user_id: user.id,
      challenge_hash: sha256Hex(challenge),
      expires_at: new Date(now.getTime() + CHALLENGE_TTL_MS),
    })
    return {
      two_factor_required: true as const,
      challenge,
      expires_at: new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString(),
    }
  }
  await clearLoginFailures(ctx.db, keys)
  return startSession(ctx, user, meta, 'password')
}

async function startSession(
  ctx: AppContext,
  user: { id: number; organization_id: number; email: string },
  meta: RequestMeta,
  method: string,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const session = await issueSession(ctx, trx, user, meta)
    await recordAudit(
      trx,
      { organizationId: user.organization_id, userId: user.id, email: user.email, ip: meta.ip },
      { action: 'user.logged_in', targetType: 'user', targetId: user.id, after: { method } },
      ctx.clock.now(),
    )
    return session
  })
}

/** Second step of a 2FA login: the challenge allows 5 tries within 5 minutes, then the user signs in again. */
export async function verifyTwoFactorLogin(
  ctx: AppContext,
  input: { challenge: string; code: string },
  meta: RequestMeta,
) {
  const now = ctx.clock.now()
  const challenge = await repo.spendChallengeAttempt(ctx.db, sha256Hex(input.challenge), now, CHALLENGE_MAX_ATTEMPTS)
  if (!challenge)
    throw new AppError('invalid_challenge', 'The sign-in challenge is invalid, expired or used up; sign in again.')
  const user = await repo.findUser(ctx.db, challenge.user_id)
  if (!user) throw new AppError('invalid_challenge', 'The sign-in challenge is invalid; sign in again.')
  // Wrong codes feed the same per-account/per-IP throttle as wrong passwords, so fresh challenges
  // cannot be used to guess codes without limit.
  const keys = throttleKeys(user.email, meta.ip)
  await assertNotThrottled(ctx.db, keys, now)
  if (!(await checkSecondFactor(ctx, ctx.db, user, input.code, { consumeStep: true }))) {
    await recordLoginFailure(ctx.db, keys, now)
    throw new AppError('invalid_code', 'The code is invalid or was already used.')
  }
  if (!(await repo.useChallenge(ctx.db, challenge.id, now)))
    throw new AppError('invalid_challenge', 'The sign-in challenge was already used; sign in again.')
  await clearLoginFailures(ctx.db, keys)
  return startSession(ctx, user, meta, 'password+totp')
}

/** Revokes this session, or with `all` every session of the user (sign out everywhere). */
export async function logout(ctx: AppContext, principal: DashboardUser, all = false) {
  if (all) await revokeUserSessions(ctx.db, principal.userId, ctx.clock.now())
  else await revokeSession(ctx.db, principal.sessionId, ctx.clock.now())
}

export async function me(ctx: AppContext, principal: DashboardUser) {
  const [user, org] = await Promise.all([
    repo.findUser(ctx.db, principal.userId),
    findOrganization(ctx.db, principal.organizationId),
  ])
  if (!user || !org) throw notFound('User')
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    organization_id: org.id,
    permissions: permissionsOf(user.role),
    two_factor_enabled: user.totp_secret !== null,
    recovery_codes_remaining: user.totp_secret ? await repo.countUnusedRecoveryCodes(ctx.db, user.id) : 0,
    organization: { id: org.id, name: org.name, status: org.status },
    session: { expires_at: principal.expiresAt.toISOString() },
  }
}

/** Changes the password and signs out every other session of the user; the current one stays. */
export async function changePassword(
  ctx: AppContext,
  principal: DashboardUser,
  input: { current_password: string; new_password: string },
) {
  const errors = new FieldErrors()
  validatePassword(input.new_password, 'new_password', errors)
  errors.throwIfAny()
  const user = await repo.findUser(ctx.db, principal.userId)
  if (!user) throw notFound('User')
  if (!(await verifyPassword(input.current_password, user.password_hash))) {
    throw new AppError('validation_error', 'The current password is wrong.', {
      current_password: ['The current password is wrong.'],
    })
  }
  const passwordHash = await hashPassword(input.new_password)
  const now = ctx.clock.now()
  const revoked = await ctx.db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, { password_hash: passwordHash, password_changed_at: now })
    const count = await revokeUserSessions(trx, user.id, now, principal.sessionId)
    await recordAudit(
      trx,
      actorOf(principal),
      {
        action: 'user.password_changed',
        targetType: 'user',
        targetId: user.id,
        after: { other_sessions_revoked: count },
      },
      now,
    )
    return count
  })
  return { detail: 'Password changed.', other_sessions_revoked: revoked }
}

/** Self-service sign-up (ALLOW_SIGNUP=true): a new organization and its owner, signed in. */
export async function signup(
  ctx: AppContext,
  input: { email: string; password: string; organization_name?: string; org_name?: string },
  meta: RequestMeta,
) {
  if (!ctx.config.allowSignup)
    throw forbidden(
      'signup_disabled',
      'Sign-up is disabled on this server (ALLOW_SIGNUP=false); ask an administrator for an invitation.',
    )
  const errors = new FieldErrors()
  validatePassword(input.password, 'password', errors)
  const orgName = (input.organization_name ?? input.org_name ?? '').trim()
  if (!orgName) errors.add('organization_name', 'This field is required.')
  errors.throwIfAny()
  const { organization, user } = await createMerchant(ctx.db, { email: input.email, password: input.password, orgName })
  await recordAudit(
    ctx.db,
    { organizationId: organization.id, userId: user.id, email: user.email, ip: meta.ip },
    {
      action: 'organization.created',
      targetType: 'organization',
      targetId: organization.id,
      after: { name: organization.name },
    },
    ctx.clock.now(),
  )
  const session = await startSession(
    ctx,
    { id: user.id, organization_id: organization.id, email: user.email },
    meta,
    'signup',
  )
  return {
    ...session,
    user: { id: user.id, email: user.email, role: 'owner' as const },
    organization: { id: organization.id, name: organization.name },
  }
}
