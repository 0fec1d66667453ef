import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { DB } from './schema.ts'

export type Database = Kysely<DB>

export interface DatabaseHandle {
  db: Database
  kind: 'pglite' | 'postgres'
  close(): Promise<void>
}

// int8 (bigint, identity ids, money sums) as JS numbers: every value we store is far below 2^53.
const INT8_OID = 20
const NUMERIC_OID = 1700

export interface DatabaseOptions {
  databaseUrl: string | null
  /** PGlite data directory; null keeps the embedded database in memory (tests). */
  dataDir: string | null
  poolSize?: number
  /** A pre-migrated PGlite data dump to start from (tests). */
  loadDataDir?: Blob
  onIdleError?: (err: Error) => void
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 20,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID
            ? (v: string) => Number(v)
            : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    })
    // An idle client dropped by the server (restart, failover, admin kill) must not crash the process;
    // the pool replaces it on the next checkout.
    pool.on('error', (err) => options.onIdleError?.(err))
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
    return { db, kind: 'postgres', close: () => db.destroy() }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  // One options object: PGlite.create(undefined, options) ignores the options (parsers, loadDataDir).
  const pglite = await PGlite.create({
    dataDir: options.dataDir ?? undefined,
    parsers: { [INT8_OID]: (v: string) => Number(v), [NUMERIC_OID]: (v: string) => v },
    loadDataDir: options.loadDataDir,
  })
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) })
  return { db, kind: 'pglite', close: () => db.destroy() }
}

export async function ping(db: Database): Promise<boolean> {
  try {
    await sql`select 1`.execute(db)
    return true
  } catch {
    return false
  }
}
