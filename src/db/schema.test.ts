import { readFile } from 'node:fs/promises'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase, isPostgres, type TestDatabase } from '../../test/support/database.ts'
import { dumpSchema, normaliseDump, SCHEMA_FILE, SCHEMA_HEADER } from './schema-dump.ts'

// src/db/schema.sql must be what the migrations build. On PostgreSQL the whole normalised pg_dump is
// compared; PGlite has no pg_dump, so there its tables, columns, constraints,
// indexes, functions and triggers are compared by name with the file.

const STALE = 'src/db/schema.sql disagrees with the migrations: run `npm run db:schema` and commit the file'

let database: TestDatabase
let file: string
beforeAll(async () => {
  database = await createTestDatabase()
  file = await readFile(SCHEMA_FILE, 'utf8')
})
afterAll(() => database.close())

/** The names the file declares, by kind. */
function declared(schema: string) {
  const names = (re: RegExp) => [...schema.matchAll(re)].map((m) => m[1]).sort()
  const columns: string[] = []
  for (const [, table, body] of schema.matchAll(/^CREATE TABLE public\.(\w+) \(\n([\s\S]*?)\n\);/gm))
    for (const line of body.split('\n'))
      if (!/^\s+CONSTRAINT /.test(line)) columns.push(`${table}.${line.trim().split(' ')[0]}`)
  return {
    columns: columns.sort(),
    constraints: names(/CONSTRAINT (?!TRIGGER )(\w+) /g),
    indexes: names(/^CREATE (?:UNIQUE )?INDEX (\w+) /gm),
    functions: names(/^CREATE FUNCTION public\.(\w+)\(/gm),
    triggers: names(/^CREATE (?:CONSTRAINT )?TRIGGER (\w+) /gm),
  }
}

async function catalog(db: TestDatabase['db']) {
  const rows = async (query: ReturnType<typeof sql<{ name: string }>>) =>
    (await query.execute(db)).rows.map((r) => r.name).sort()
  return {
    columns: await rows(sql`select table_name || '.' || column_name as name from information_schema.columns
      where table_schema = 'public' and table_name in (select tablename from pg_tables where schemaname = 'public')`),
    constraints:
      await rows(sql`select conname as name from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where n.nspname = 'public' and c.contype not in ('n', 't')`),
    indexes: await rows(sql`select indexname as name from pg_indexes where schemaname = 'public'
      and indexname not in (select conname from pg_constraint)`),
    functions: await rows(sql`select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      left join pg_depend d on d.objid = p.oid and d.deptype = 'e'
      where n.nspname = 'public' and d.objid is null`),
    triggers: await rows(sql`select tgname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
      join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and not t.tgisinternal`),
  }
}

describe('src/db/schema.sql', () => {
  test('starts with its header and is normalised', () => {
    expect(file.startsWith(SCHEMA_HEADER)).toBe(true)
    expect(normaliseDump(file.slice(SCHEMA_HEADER.length))).toBe(file)
    expect(file).not.toMatch(/^(SET |\\restrict|-- Dumped)/m)
  })

  test('declares every table, column, constraint, index, function and trigger the migrations build', async () => {
    const expected = declared(file)
    const actual = await catalog(database.db)
    const trigram = (await sql`select 1 from pg_extension where extname = 'pg_trgm'`.execute(database.db)).rows.length
    // Trigram indexes exist only where pg_trgm can be created (PGlite loads it; a PostgreSQL role may not).
    if (!trigram) expected.indexes = expected.indexes.filter((name) => !name.endsWith('_trgm_idx'))
    expect(actual, STALE).toEqual(expected)
    expect(expected.columns.length).toBeGreaterThan(100)
  })

  test.runIf(isPostgres)('is exactly the normalised pg_dump of a freshly migrated database', async () => {
    expect(await dumpSchema(database.url!), STALE).toBe(file)
  })
})

describe('normaliseDump', () => {
  test('drops comments, SET lines, search_path resets and \\restrict keys; keeps function bodies', () => {
    const dump = [
      '--',
      '-- PostgreSQL database dump',
      '\\restrict Ab12Cd34',
      '-- Dumped from database version 15.20',
      'SET statement_timeout = 0;',
      "SELECT pg_catalog.set_config('search_path', '', false);",
      '',
      '',
      '',
      'CREATE FUNCTION public.f() RETURNS void',
      '    AS $$',
      '      -- a comment inside a body stays',
      '    $$;   ',
      '\\unrestrict Ab12Cd34',
    ].join('\n')
    expect(normaliseDump(dump)).toBe(
      `${SCHEMA_HEADER}\nCREATE FUNCTION public.f() RETURNS void\n    AS $$\n      -- a comment inside a body stays\n    $$;\n`,
    )
  })
})
