import type { AppContext } from '../../context.ts'
import { notFound } from '../../lib/errors.ts'
import type { Database } from '../../db/database.ts'
import { randomToken, sha256Hex } from '../../lib/crypto.ts'
import type { SessionPrincipal } from './principals.ts'
import * as repo from './sessions.repository.ts'

export interface RequestMeta {
  ip: string | null
  userAgent: string | null
}

const idleMs = (ctx: AppContext) => ctx.config.sessionIdleMinutes * 60_000
// Sliding the idle expiry costs a write; once a minute per session is precise enough.
const TOUCH_EVERY_MS = 60_000

const expiryOf = (ctx: AppContext, lastSeen: Date, absolute: Date) =>
  new Date(Math.min(lastSeen.getTime() + idleMs(ctx), absolute.getTime()))

/** A new session: the raw token goes to the client once; only its SHA-256 is stored. */
export async function issueSession(
  ctx: AppContext,
  db: Database,
  user: { id: number; organization_id: number },
  meta: RequestMeta,
) {
  const now = ctx.clock.now()
  const token = randomToken(32)
  const absolute = new Date(now.getTime() + ctx.config.sessionMaxHours * 3_600_000)
  await repo.insertSession(db, {
    user_id: user.id,
    organization_id: user.organization_id,
    token_hash: sha256Hex(token),
    ip: meta.ip,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
    created_at: now,
    last_seen_at: now,
    absolute_expires_at: absolute,
  })
  return { token, expires_at: expiryOf(ctx, now, absolute).toISOString() }
}

/** The principal for a raw token, or null when unknown, revoked, idle too long or past its absolute end. */
export async function authenticateSession(ctx: AppContext, raw: string): Promise<SessionPrincipal | null> {
  if (raw.length > 200) return null
  const row = await repo.findSessionByHash(ctx.db, sha256Hex(raw))
  if (!row || row.revoked_at || row.organization_status !== 'active') return null
  const now = ctx.clock.now()
  if (expiryOf(ctx, row.last_seen_at, row.absolute_expires_at) <= now) return null
  const touch = now.getTime() - row.last_seen_at.getTime() >= TOUCH_EVERY_MS
  if (touch) await repo.touchSession(ctx.db, row.id, now)
  const lastSeen = touch ? now : row.last_seen_at
  return {
    sessionId: row.id,
    userId: row.user_id,
    organizationId: row.organization_id,
    role: row.role,
    email: row.email,
    expiresAt: expiryOf(ctx, lastSeen, row.absolute_expires_at),
  }
}

/** The signed-in user's active sessions (devices), the current one marked. */
export async function listSessions(ctx: AppContext, principal: { userId: number; sessionId: number }) {
  const now = ctx.clock.now()
  const rows = await repo.listLiveSessions(ctx.db, principal.userId, now)
  return rows
    .map((r) => ({ ...r, expires: expiryOf(ctx, r.last_seen_at, r.absolute_expires_at) }))
    .filter((r) => r.expires > now)
    .map((r) => ({
      id: r.id,
      current: r.id === principal.sessionId,
      ip: r.ip,
      user_agent: r.user_agent,
      created_at: r.created_at.toISOString(),
      last_seen_at: r.last_seen_at.toISOString(),
      expires_at: r.expires.toISOString(),
    }))
}

/** Signs one of the user's own sessions out (e.g. a lost laptop); another user's session is a 404. */
export async function revokeOwnSession(ctx: AppContext, principal: { userId: number }, rawId: string) {
  const revoked =
    /^[1-9]\d{0,15}$/.test(rawId) &&
    (await repo.revokeUserSession(ctx.db, principal.userId, Number(rawId), ctx.clock.now()))
  if (!revoked) throw notFound('Session')
}
