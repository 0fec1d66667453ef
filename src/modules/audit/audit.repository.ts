import type { Database } from '../../db/database.ts'

export interface AuditRow {
  organization_id: number
  actor_user_id: number | null
  actor_email: string | null
  action: string
  target_type: string
  target_id: string | null
  ip: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  created_at: Date
}

export async function insertAudit(db: Database, row: AuditRow) {
  await db
    .insertInto('audit_log')
    .values({
      ...row,
      before: row.before === null ? null : JSON.stringify(row.before),
      after: row.after === null ? null : JSON.stringify(row.after),
    })
    .execute()
}

export interface AuditFilter {
  action?: string
  targetType?: string
}

export async function listAudit(
  db: Database,
  organizationId: number,
  filter: AuditFilter,
  page: { limit: number; offset: number },
) {
  let base = db.selectFrom('audit_log').where('organization_id', '=', organizationId)
  if (filter.action) base = base.where('action', '=', filter.action)
  if (filter.targetType) base = base.where('target_type', '=', filter.targetType)
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}
