import type { Insertable, Updateable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { OrganizationsTable } from '../../db/schema.ts'

export function findOrganization(db: Database, id: number) {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst()
}

export function lockOrganization(db: Database, id: number) {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** The organization's first user (its owner), created with it. */
export function insertUser(
  db: Database,
  row: { organization_id: number; email: string; password_hash: string; role: 'owner' },
) {
  return db.insertInto('users').values(row).returning(['id', 'email']).executeTakeFirstOrThrow()
}

export function insertOrganization(db: Database, row: Insertable<OrganizationsTable>) {
  return db.insertInto('organizations').values(row).returningAll().executeTakeFirstOrThrow()
}

export function updateOrganization(db: Database, id: number, patch: Updateable<OrganizationsTable>) {
  return db
    .updateTable('organizations')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

export async function countOrganizations(db: Database): Promise<number> {
  const row = await db
    .selectFrom('organizations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
