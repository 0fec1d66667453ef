import type { Database } from '../../db/database.ts'
import type { Role } from '../auth/index.ts'
export function insertInvitation(
  db: Database,
  row: {
    organization_id: number
    email: string
    role: Role
    token_hash: string
    invited_by_user_id: number
    expires_at: Date
    created_at: Date
  },
) {
  return db.insertInto('invitations').values(row).returningAll().executeTakeFirstOrThrow()
}

export function listInvitations(db: Database, organizationId: number) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('id', 'desc')
    .execute()
}

export async function revokePendingFor(db: Database, organizationId: number, email: string) {
  await db
    .updateTable('invitations')
    .set({ status: 'revoked' })
    .where('organization_id', '=', organizationId)
    .where('email', '=', email)
    .where('status', '=', 'pending')
    .execute()
}

export function revokeInvitation(db: Database, organizationId: number, id: number) {
  return db
    .updateTable('invitations')
    .set({ status: 'revoked' })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst()
}

export function findInvitation(db: Database, organizationId: number, id: number) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Compare-and-set: only a pending, unexpired invitation can be accepted, and only once. */
export function acceptInvitation(db: Database, tokenHash: string, now: Date) {
  return db
    .updateTable('invitations')
    .set({ status: 'accepted', accepted_at: now })
    .where('token_hash', '=', tokenHash)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst()
}

export function insertUser(
  db: Database,
  row: { organization_id: number; email: string; name?: string | null; password_hash: string; role: Role },
) {
  return db
    .insertInto('users')
    .values(row)
    .returning(['id', 'organization_id', 'email', 'role'])
    .executeTakeFirstOrThrow()
}

export function findPendingByToken(db: Database, tokenHash: string, now: Date) {
  return db
    .selectFrom('invitations')
    .innerJoin('organizations', 'organizations.id', 'invitations.organization_id')
    .select([
      'invitations.email',
      'invitations.role',
      'invitations.expires_at',
      'organizations.name as organization_name',
    ])
    .where('invitations.token_hash', '=', tokenHash)
    .where('invitations.status', '=', 'pending')
    .where('invitations.expires_at', '>', now)
    .executeTakeFirst()
}
