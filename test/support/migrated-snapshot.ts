import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import { migrate } from '../../src/db/migrator.ts'

// One migrated database per test run instead of one per test file: PGlite is dumped to a tarball that every
// file loads; PostgreSQL clones a template database. Both are keyed by a hash of the migration code, so an
// edited or added migration (or anything a migration imports) builds a new one.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const ENTRY_POINTS = ['src/db/migrations/index.ts', 'src/db/migrator.ts']
const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g

/** The migration files and every local file they import, transitively, sorted. */
export function migrationSources(): string[] {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return
    seen.add(file)
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) visit(resolve(dirname(file), spec))
  }
  for (const entry of ENTRY_POINTS) visit(join(ROOT, entry))
  return [...seen].sort()
}

/** Changes whenever a migration, the migrator, a file they import or the PGlite version changes. */
export function migrationsHash(): string {
  const hash = createHash('sha256')
  hash.update(`pglite ${readPackageVersion('@electric-sql/pglite')}\n`)
  for (const file of migrationSources()) {
    hash.update(`${relative(ROOT, file)}\n`)
    hash.update(readFileSync(file))
  }
  return hash.digest('hex').slice(0, 16)
}

function readPackageVersion(name: string): string {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version
}

/** Path of the migrated PGlite tarball for the current migrations; built (atomically) when missing. */
export async function ensurePgliteSnapshot(hash = migrationsHash()): Promise<string> {
  const path = join(ROOT, 'node_modules/.cache/kassa-test', `pglite-${hash}.tar`)
  if (existsSync(path)) return path
  // The extensions openDatabase loads, so the snapshot has the trigram indexes a served database has.
  const pglite = await PGlite.create({ extensions: { pg_trgm, btree_gin } })
  const db = new Kysely<unknown>({ dialect: new PGliteDialect({ pglite }) })
  await migrate(db)
  // Uncompressed: loading 30 MB from the page cache is faster than gunzipping 4 MB in every file.
  const tarball = await pglite.dumpDataDir('none')
  await db.destroy()
  await mkdir(dirname(path), { recursive: true })
  const partial = `${path}.${process.pid}.partial`
  await writeFile(partial, new Uint8Array(await tarball.arrayBuffer()))
  await rename(partial, path)
  return path
}

/**
 * Name of a migrated PostgreSQL template database for the current migrations; built when missing. Built
 * under a private name and renamed when complete, so a concurrent run never clones a half-migrated one.
 */
export async function ensurePostgresTemplate(adminUrl: string, hash = migrationsHash()): Promise<string> {
  const name = `kassa_template_${hash}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name])
    if (found.rowCount) return name
    const building = `kassa_building_${hash}_${process.pid}`
    await admin.query(`create database ${building}`)
    const url = new URL(adminUrl)
    url.pathname = `/${building}`
    const pool = new pg.Pool({ connectionString: url.toString(), max: 1 })
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
    try {
      await migrate(db)
    } finally {
      await db.destroy()
    }
    // No session may ever connect to a template: CREATE DATABASE … TEMPLATE refuses a template in use.
    await admin.query(`alter database ${building} with allow_connections false`)
    try {
      await admin.query(`alter database ${building} rename to ${name}`)
    } catch (err) {
      // 42P04 duplicate_database: another run finished the same template first; use theirs.
      if ((err as { code?: string }).code !== '42P04') throw err
      await admin.query(`drop database ${building}`)
    }
    return name
  } finally {
    await admin.end()
  }
}
