import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import pg from 'pg'
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts'
import { migrate } from '../../src/db/migrator.ts'

export const TEST_DB = (process.env.KASSA_TEST_DB ?? 'pglite') as 'pglite' | 'postgres'
export const isPostgres = TEST_DB === 'postgres'
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

function urlFor(database: string): string {
  const url = new URL(POSTGRES_URL)
  url.pathname = `/${database}`
  return url.toString()
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export interface TestDatabase extends DatabaseHandle {
  url: string | null
}

/**
 * What test/support/global-setup.ts provided, or nothing outside vitest: the screenshot scripts boot
 * the platform through these helpers too, and then migrate from scratch.
 */
async function provided<K extends 'kassaPgliteSnapshot' | 'kassaPostgresTemplate'>(key: K) {
  try {
    // Imported here: outside vitest, importing it at all throws.
    const { inject } = await import('vitest')
    return inject(key)
  } catch {
    return undefined
  }
}

let snapshot: Promise<Blob> | null = null
const migratedSnapshot = (path: string) => (snapshot ??= readFile(path).then((bytes) => new Blob([bytes])))

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or on PostgreSQL a new database
 * (dropped on close), so files never see each other's rows. Both start from the run's migrated snapshot
 * (test/support/global-setup.ts) when there is one; `migrate` then has nothing left to apply.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!isPostgres) {
    const path = await provided('kassaPgliteSnapshot')
    const loadDataDir = path ? await migratedSnapshot(path) : undefined
    const handle = await openDatabase({ databaseUrl: null, dataDir: null, loadDataDir })
    await migrate(handle.db)
    return { ...handle, url: null }
  }
  const name = `kassa_t_${randomBytes(6).toString('hex')}`
  const template = await provided('kassaPostgresTemplate')
  await admin((c) => c.query(`create database ${name}${template ? ` template ${template}` : ''}`))
  const url = urlFor(name)
  const handle = await openDatabase({ databaseUrl: url, dataDir: null, poolSize: 30 })
  await migrate(handle.db)
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close()
      await admin((c) => c.query(`drop database if exists ${name} with (force)`))
    },
  }
}
