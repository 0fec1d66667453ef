import { randomInt } from 'node:crypto'
import type { AppContext } from '../../context.ts'
import { hmacSha256Hex, timingSafeEqualStr } from '../../lib/crypto.ts'
import { AppError } from '../../lib/errors.ts'
import type { ErrorCodeWithStatus } from '../../lib/error-catalogue.ts'
import type { DashboardUser } from '../auth/index.ts'
import { actorOf, recordAudit } from '../audit/index.ts'
import { sendEmail } from '../email/index.ts'
import * as repo from './verification.repository.ts'

// A dashboard refund needs a code emailed to the user (API refunds do not): 6 digits, single use, 10 min, 5 tries.
// Stored as an HMAC keyed with SECRET_KEY: a plain hash of a 6-digit code would be reversed by brute force.

export const CODE_TTL_MS = 10 * 60_000
export const MAX_TRIES = 5
/** Issuing is limited too, or a user could retry forever by asking for new codes. */
const MAX_CODES_PER_WINDOW = 20

const hashCode = (ctx: AppContext, userId: number, code: string) =>
  hmacSha256Hex(ctx.config.secretKey, `refund-code:${userId}:${code}`)

export async function requestRefundCode(ctx: AppContext, user: DashboardUser) {
  const now = ctx.clock.now()
  if (
    (await repo.countRecentCodes(ctx.db, user.userId, new Date(now.getTime() - CODE_TTL_MS))) >= MAX_CODES_PER_WINDOW
  ) {
    throw new AppError(
      'too_many_attempts',
      'Too many verification codes were requested; wait a few minutes.',
      undefined,
      { 'retry-after': String(CODE_TTL_MS / 1000) },
    )
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS)
  await ctx.db.transaction().execute(async (trx) => {
    await repo.retireCodes(trx, user.userId, now)
    await repo.insertCode(trx, {
      user_id: user.userId,
      organization_id: user.organizationId,
      code_hash: hashCode(ctx, user.userId, code),
      expires_at: expiresAt,
      created_at: now,
    })
    await recordAudit(
      trx,
      actorOf(user),
      { action: 'refund.verification_code_requested', targetType: 'user', targetId: user.userId },
      now,
    )
  })
  // After the commit: no network call inside a transaction. A failed send is retried by the email job.
  await sendEmail(ctx, {
    organizationId: user.organizationId,
    to: user.email,
    subject: `${ctx.config.platformName} refund verification code`,
    text: `Your refund verification code is ${code}\n\nIt expires in ten minutes and works once. If you did not ask for it, change your password: someone may be using your account.\n`,
  })
  return { sent_to: user.email, expires_at: expiresAt.toISOString(), expires_in: CODE_TTL_MS / 1000 }
}

const codeError = (code: ErrorCodeWithStatus<400>, detail: string) =>
  new AppError(code, detail, { verification_code: [detail] })

/** Checks and uses the user's current code (single use: a later refusal of the refund does not give it back). */
export async function useRefundCode(ctx: AppContext, user: DashboardUser, code: string): Promise<void> {
  const now = ctx.clock.now()
  const row = await repo.findLatestCode(ctx.db, user.userId)
  if (!row || row.used_at)
    throw codeError(
      'verification_code_invalid',
      'No verification code is pending (codes work once); request a new one.',
    )
  if (row.attempts >= MAX_TRIES)
    throw codeError('verification_code_attempts_exceeded', 'Too many wrong codes; request a new one.')
  if (row.expires_at <= now)
    throw codeError('verification_code_expired', 'This verification code has expired; request a new one.')
  if (!/^\d{6}$/.test(code) || !timingSafeEqualStr(hashCode(ctx, user.userId, code), row.code_hash)) {
    const used = await repo.spendTry(ctx.db, row.id, MAX_TRIES)
    const left = used === null ? 0 : MAX_TRIES - used
    if (left === 0)
      throw codeError(
        'verification_code_attempts_exceeded',
        'Wrong verification code, and no tries are left; request a new one.',
      )
    throw codeError(
      'verification_code_invalid',
      `Wrong verification code; ${left} ${left === 1 ? 'try' : 'tries'} left.`,
    )
  }
  if (!(await repo.consumeCode(ctx.db, row.id, MAX_TRIES, now)))
    throw codeError('verification_code_invalid', 'This verification code was already used; request a new one.')
}
