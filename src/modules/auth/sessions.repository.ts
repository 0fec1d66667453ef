import type { Database } from '../../db/database.ts'

export function insertSession(
  db: Database,
  row: {
    user_id: number
    organization_id: number
    token_hash: string
    ip: string | null
    user_agent: string | null
    created_at: Date
    last_seen_at: Date
    absolute_expires_at: Date
  },
) {
  return db.insertInto('user_sessions').values(row).returningAll().executeTakeFirstOrThrow()
}

/** The session with its user and organization, whatever its state; the caller judges expiry. */
export function findSessionByHash(db: Database, tokenHash: string) {
  return db
    .selectFrom('user_sessions')
    .innerJoin('users', 'users.id', 'user_sessions.user_id')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'user_sessions.id',
      'user_sessions.user_id',
      'user_sessions.last_seen_at',
      'user_sessions.absolute_expires_at',
      'user_sessions.revoked_at',
      'users.organization_id',
      'users.role',
      'users.email',
      'organizations.status as organization_status',
    ])
    .where('user_sessions.token_hash', '=', tokenHash)
    .executeTakeFirst()
}

export async function touchSession(db: Database, id: number, at: Date) {
  await db
    .updateTable('user_sessions')
    .set({ last_seen_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute()
}

export async function revokeSession(db: Database, id: number, at: Date) {
  await db
    .updateTable('user_sessions')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute()
}

/** Revokes every live session of a user except `keepId` (password change keeps the caller signed in). */
export async function revokeUserSessions(db: Database, userId: number, at: Date, keepId: number | null = null) {
  let query = db
    .updateTable('user_sessions')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
  if (keepId !== null) query = query.where('id', '!=', keepId)
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** The user's sessions not revoked and not past their absolute end (idle expiry is judged by the caller). */
export function listLiveSessions(db: Database, userId: number, now: Date) {
  return db
    .selectFrom('user_sessions')
    .select(['id', 'ip', 'user_agent', 'created_at', 'last_seen_at', 'absolute_expires_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('absolute_expires_at', '>', now)
    .orderBy('id', 'desc')
    .execute()
}

export async function revokeUserSession(db: Database, userId: number, id: number, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('user_sessions')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
