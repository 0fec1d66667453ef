import type { Database } from '../../db/database.ts'
import { pageOf } from '../../lib/paging.ts'
import * as repo from './audit.repository.ts'

/** Who did it: a signed-in user (from `sessionOf(request)`), or nobody for a self-service action. */
export interface AuditActor {
  organizationId: number
  userId: number | null
  email: string | null
  ip: string | null
}

export interface AuditEntry {
  action: string
  targetType: string
  targetId: string | number | null
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
}

export const actorOf = (user: {
  organizationId: number
  userId: number
  email: string
  ip: string | null
}): AuditActor => ({ organizationId: user.organizationId, userId: user.userId, email: user.email, ip: user.ip })

/** Records one dashboard write. Call inside the transaction of the change, so the entry exists iff the change does. */
export async function recordAudit(db: Database, actor: AuditActor, entry: AuditEntry, at: Date = new Date()) {
  await repo.insertAudit(db, {
    organization_id: actor.organizationId,
    actor_user_id: actor.userId,
    actor_email: actor.email,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId === null ? null : String(entry.targetId),
    ip: actor.ip,
    before: entry.before ?? null,
    after: entry.after ?? null,
    created_at: at,
  })
}

/** Only the fields that changed, as {before, after}; null when nothing changed. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const keys = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
  if (keys.length === 0) return null
  return {
    before: Object.fromEntries(keys.map((k) => [k, before[k] ?? null])),
    after: Object.fromEntries(keys.map((k) => [k, after[k] ?? null])),
  }
}

export async function listAuditLog(
  db: Database,
  organizationId: number,
  query: { page?: number; page_size?: number; action?: string; target_type?: string },
) {
  const { rows, total } = await repo.listAudit(
    db,
    organizationId,
    { action: query.action, targetType: query.target_type },
    pageOf(query),
  )
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      action: r.action,
      actor: { user_id: r.actor_user_id, email: r.actor_email },
      target: { type: r.target_type, id: r.target_id },
      ip: r.ip,
      before: r.before,
      after: r.after,
      created_at: r.created_at.toISOString(),
    })),
  }
}
