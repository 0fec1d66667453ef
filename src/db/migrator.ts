import { sql, type Kysely, type Transaction } from 'kysely'

export interface Migration {
  version: number
  name: string
  up(trx: Transaction<any>): Promise<void>
}

export class SchemaTooNewError extends Error {}

// An arbitrary constant: one migrator at a time per database, across processes.
const MIGRATION_LOCK = 7_240_001

/** Forward-only migrations, in one transaction under an advisory lock. Refuses a database newer than the code. */
export async function migrate(db: Kysely<any>, given?: Migration[]): Promise<{ applied: string[]; version: number }> {
  // Landed migrations are frozen (never edited) and import `exec` from this file, so the default list
  // is loaded when migrate() runs instead of at import: a static import would be an import cycle.
  const migrations = given ?? (await import('./migrations/index.ts')).MIGRATIONS
  const latest = Math.max(0, ...migrations.map((m) => m.version))
  const applied: string[] = []
  await db.transaction().execute(async (trx) => {
    // The lock first: two `create table if not exists` racing on a new database collide in pg_type.
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx)
    await sql`create table if not exists kassa_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`.execute(trx)
    const rows = await trx.selectFrom('kassa_migrations').select(['version']).execute()
    const done = new Set(rows.map((r: { version: number }) => r.version))
    const current = Math.max(0, ...done)
    if (current > latest) {
      throw new SchemaTooNewError(
        `database schema is at version ${current} but this Kassa knows only up to ${latest}; upgrade Kassa before starting it`,
      )
    }
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue
      await m.up(trx)
      await trx.insertInto('kassa_migrations').values({ version: m.version, name: m.name }).execute()
      applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`)
    }
  })
  return { applied, version: latest }
}

/** Runs raw DDL statements one by one (PGlite's extended protocol takes one statement per call). */
export async function exec(trx: Transaction<any>, ...statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(trx)
}
