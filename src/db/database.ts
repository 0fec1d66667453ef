import v8 from 'node:v8'
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { PGlite } from '@electric-sql/pglite'
import type { EmbeddedEndpoint } from './datadir-lock.ts'
import type { DB } from './schema.ts'

export type Database = Kysely<DB>

export interface DatabaseHandle {
  db: Database
  kind: 'pglite' | 'postgres'
  /** The embedded instance when this process opened the data directory itself. */
  pglite?: PGlite
  poolStats?: () => { total: number; idle: number; waiting: number }
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
  /** The embedded database another Kassa process shares on a local socket (see embedded-server.ts). */
  embeddedEndpoint?: EmbeddedEndpoint
  /** PGlite: let V8 optimise its WebAssembly too (PGLITE_WASM_OPTIMIZE); default false, see openPGlite. */
  optimizeWasm?: boolean
}

const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.embeddedEndpoint) {
    const endpoint = options.embeddedEndpoint
    // The sharing process runs one session at a time (embedded-server.ts), so a few connections suffice.
    const pool = new pg.Pool({
      ...('socketDir' in endpoint ? { host: endpoint.socketDir, port: 5432 } : endpoint),
      user: 'postgres',
      database: 'postgres',
      max: options.poolSize ?? 4,
      types: typeParsers,
    })
    guardPool(pool, options.onIdleError)
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
    return { db, kind: 'pglite', poolStats: statsOf(pool), close: () => db.destroy() }
  }
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 20,
      types: typeParsers,
    })
    guardPool(pool, options.onIdleError)
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
    return { db, kind: 'postgres', poolStats: statsOf(pool), close: () => db.destroy() }
  }
  // PGlite is PostgreSQL compiled to WebAssembly. V8 compiles it with its baseline compiler (Liftoff) and,
  // by default, recompiles hot functions with TurboFan in background threads: on two cores that costs
  // 1–2 s of CPU at start and ~60 MB of resident memory that malloc never returns, for statements that
  // measured no faster in Kassa's request mix (bench/RESULTS.md, "Memory and start"). The flag is
  // process-wide and only affects WebAssembly compiled after it, i.e. this module.
  if (!options.optimizeWasm) v8.setFlagsFromString('--liftoff-only')
  const { PGlite } = await import('@electric-sql/pglite')
  // Trigram indexes with the status beside them make list searches fast (migration 0014); an extension
  // must be loaded at open for `create extension` to work. They add no measurable memory.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
  const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin')
  // One options object: PGlite.create(undefined, options) ignores the options (parsers, loadDataDir).
  const pglite = await PGlite.create({
    dataDir: options.dataDir ?? undefined,
    extensions: { pg_trgm, btree_gin },
    parsers: { [INT8_OID]: (v: string) => Number(v), [NUMERIC_OID]: (v: string) => v },
    loadDataDir: options.loadDataDir,
  })
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) })
  return { db, kind: 'pglite', pglite, close: () => db.destroy() }
}

/**
 * A connection dropped by the server (restart, failover, admin kill) must not crash the process. The pool
 * handles the error of an idle client (and replaces it on the next checkout), but a client checked out
 * between two statements (inside a transaction, or just acquired) has no listener of the pool's, and
 * pg's unhandled 'error' event would end the process: found by the chaos test's PostgreSQL restart. Its
 * caller's next statement fails instead, and the pool drops the client when it comes back unqueryable.
 */
function guardPool(pool: pg.Pool, onIdleError: ((err: Error) => void) | undefined) {
  pool.on('error', (err) => onIdleError?.(err))
  pool.on('connect', (client) =>
    client.on('error', () => {
      // reported to the caller by its next statement on this client
    }),
  )
}

const statsOf = (pool: pg.Pool) => () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount })

export async function ping(db: Database): Promise<boolean> {
  try {
    await sql`select 1`.execute(db)
    return true
  } catch {
    return false
  }
}
