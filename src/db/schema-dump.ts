import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import pg from 'pg'
import { loadToolingConfig } from '../config.ts'
import { openDatabase } from './database.ts'
import { migrate } from './migrator.ts'

// src/db/schema.sql is pg_dump's schema of a freshly migrated PostgreSQL database, normalised so
// that it changes only when the schema does: no comments, SET lines, \restrict keys or owners.

export const SCHEMA_FILE = new URL('./schema.sql', import.meta.url)

export const SCHEMA_HEADER =
  '-- The schema the migrations build, read from a migrated PostgreSQL database: `npm run db:schema`\n' +
  '-- writes it and a test fails when it disagrees with the migrations. Do not edit by hand.\n'

/** pg_dump's output without what varies between runs, servers and client versions. */
export function normaliseDump(dump: string): string {
  const kept = dump
    .split('\n')
    .map((line) => line.trimEnd())
    .filter(
      (line) =>
        !line.startsWith('--') &&
        !line.startsWith('SET ') &&
        !line.startsWith('SELECT pg_catalog.set_config(') &&
        !/^\\(un)?restrict\b/.test(line),
    )
  return `${SCHEMA_HEADER}\n${kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`
}

/** The normalised schema of the database at `url`. */
export async function dumpSchema(url: string, pgDump = loadToolingConfig().pgDump): Promise<string> {
  const { stdout } = await promisify(execFile)(
    pgDump,
    ['--schema-only', '--no-owner', '--no-privileges', '--no-comments', '--no-tablespaces', '--dbname', url],
    { maxBuffer: 16 * 1024 * 1024 },
  )
  return normaliseDump(stdout)
}

/** Creates a scratch database next to `adminUrl`, migrates it, dumps its schema and drops it. */
export async function migratedSchema(adminUrl: string): Promise<string> {
  const name = `kassa_schema_${randomBytes(6).toString('hex')}`
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: adminUrl })
    await client.connect()
    try {
      await client.query(query)
    } finally {
      await client.end()
    }
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  await admin(`create database ${name}`)
  try {
    const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: null, poolSize: 2 })
    try {
      await migrate(handle.db)
    } finally {
      await handle.close()
    }
    return await dumpSchema(url.toString())
  } finally {
    await admin(`drop database if exists ${name} with (force)`)
  }
}
