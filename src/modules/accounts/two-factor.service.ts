import type { AppContext } from '../../context.ts'
import type { Database } from '../../db/database.ts'
import { decryptSecret, encryptSecret, sha256Hex } from '../../lib/crypto.ts'
import { randomBase62 } from '../../lib/ids.ts'
import { qrSvg } from '../../lib/qr-svg.ts'
import { generateTotpSecret, matchTotp, otpauthUrl } from '../../lib/totp.ts'
import { AppError, conflict, notFound, validationError } from '../../lib/errors.ts'
import type { DashboardUser } from '../auth/index.ts'
import { actorOf, recordAudit } from '../audit/index.ts'
import * as repo from './accounts.repository.ts'

const RECOVERY_CODE_COUNT = 10
// No 0/o/1/l: recovery codes get typed from paper.
const RECOVERY_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'

export const invalidCode = () =>
  new AppError('validation_error', 'The code is invalid or was already used.', {
    code: ['The code is invalid or was already used.'],
  })

/** The code of a request body: `code`, or the `recovery_code` alias; 400 when neither is given. */
export function codeOf(body: { code?: string; recovery_code?: string }): string {
  const code = body.code ?? body.recovery_code
  if (code === undefined) throw validationError({ code: ['This field is required.'] })
  return code
}

const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '')
const hashRecoveryCode = (code: string) => sha256Hex(`recovery:${normalizeRecoveryCode(code)}`)

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomBase62(10, RECOVERY_ALPHABET)
    return `${raw.slice(0, 5)}-${raw.slice(5)}`
  })
}

/**
 * The matching time step of a code, or null. The platform clock drives time everywhere, but an
 * authenticator app only knows the wall clock, so both are tried (in production they are the same).
 */
function matchCode(ctx: AppContext, encryptedSecret: string, code: string): number | null {
  const secret = decryptSecret(encryptedSecret, ctx.config.secretKey)
  return matchTotp(secret, code, ctx.clock.now()) ?? matchTotp(secret, code, new Date())
}

/**
 * A TOTP code of the user's active secret, or an unused recovery code (spent on success; a
 * compare-and-set, so two requests cannot both use one). With `consumeStep` (sign-in) each TOTP
 * time step signs in once (RFC 6238 §5.2 replay rule); re-confirming inside a session does not spend it.
 */
export async function checkSecondFactor(
  ctx: AppContext,
  db: Database,
  user: { id: number; totp_secret: string | null },
  code: string,
  options: { consumeStep?: boolean } = {},
): Promise<boolean> {
  if (!user.totp_secret) return false
  const trimmed = code.trim()
  if (/^\d{6}$/.test(trimmed)) {
    const step = matchCode(ctx, user.totp_secret, trimmed)
    if (step === null) return false
    return options.consumeStep ? repo.advanceTotpStep(db, user.id, step) : true
  }
  return repo.useRecoveryCode(db, user.id, hashRecoveryCode(trimmed), ctx.clock.now())
}

/** Starts enrollment: a new secret kept as pending until a code proves the app has it. */
export async function setupTwoFactor(ctx: AppContext, principal: DashboardUser) {
  const user = await repo.findUser(ctx.db, principal.userId)
  if (!user) throw notFound('User')
  if (user.totp_secret)
    throw conflict(
      'two_factor_already_enabled',
      'Two-factor authentication is already on; disable it first to enroll a new device.',
    )
  const secret = generateTotpSecret()
  await repo.updateUser(ctx.db, user.id, { totp_pending_secret: encryptSecret(secret, ctx.config.secretKey) })
  const url = otpauthUrl({ issuer: ctx.config.platformName, account: user.email, secret })
  return { secret, otpauth_url: url, qr_svg: qrSvg(url) }
}

export async function enableTwoFactor(ctx: AppContext, principal: DashboardUser, code: string) {
  const now = ctx.clock.now()
  const codes = newRecoveryCodes()
  await ctx.db.transaction().execute(async (trx) => {
    const user = await repo.lockUser(trx, principal.userId)
    if (!user) throw notFound('User')
    if (user.totp_secret) throw conflict('two_factor_already_enabled', 'Two-factor authentication is already on.')
    if (!user.totp_pending_secret) throw conflict('two_factor_not_set_up', 'Call POST /api/auth/2fa/setup/ first.')
    if (matchCode(ctx, user.totp_pending_secret, code.trim()) === null) throw invalidCode()
    // The enrollment code proves possession inside a session; it is not a sign-in, so it may sign in once.
    await repo.updateUser(trx, user.id, {
      totp_secret: user.totp_pending_secret,
      totp_pending_secret: null,
      totp_enabled_at: now,
      totp_last_step: null,
    })
    await repo.replaceRecoveryCodes(trx, user.id, codes.map(hashRecoveryCode))
    await recordAudit(
      trx,
      actorOf(principal),
      {
        action: 'user.two_factor_enabled',
        targetType: 'user',
        targetId: user.id,
        before: { two_factor_enabled: false },
        after: { two_factor_enabled: true },
      },
      now,
    )
  })
  return { enabled: true as const, recovery_codes: codes }
}

export async function disableTwoFactor(ctx: AppContext, principal: DashboardUser, code: string) {
  const now = ctx.clock.now()
  await ctx.db.transaction().execute(async (trx) => {
    const user = await repo.lockUser(trx, principal.userId)
    if (!user) throw notFound('User')
    if (!user.totp_secret) throw conflict('two_factor_not_enabled', 'Two-factor authentication is not on.')
    if (!(await checkSecondFactor(ctx, trx, user, code))) throw invalidCode()
    await repo.updateUser(trx, user.id, {
      totp_secret: null,
      totp_pending_secret: null,
      totp_enabled_at: null,
      totp_last_step: null,
    })
    await repo.replaceRecoveryCodes(trx, user.id, [])
    await recordAudit(
      trx,
      actorOf(principal),
      {
        action: 'user.two_factor_disabled',
        targetType: 'user',
        targetId: user.id,
        before: { two_factor_enabled: true },
        after: { two_factor_enabled: false },
      },
      now,
    )
  })
  return { enabled: false as const }
}
