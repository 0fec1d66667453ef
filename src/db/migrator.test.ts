import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts'
import { migrate, SchemaTooNewError } from './migrator.ts'
import { MIGRATIONS } from './migrations/index.ts'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

test('migrating twice applies nothing the second time', async () => {
  const result = await migrate(database.db)
  expect(result.applied).toEqual([])
  expect(result.version).toBe(Math.max(...MIGRATIONS.map((m) => m.version)))
})

test('refuses a database newer than the code', async () => {
  await database.db.insertInto('kassa_migrations').values({ version: 9999, name: 'from_the_future' }).execute()
  await expect(migrate(database.db)).rejects.toThrow(SchemaTooNewError)
  await expect(migrate(database.db)).rejects.toThrow(/version 9999/)
  await database.db.deleteFrom('kassa_migrations').where('version', '=', 9999).execute()
})

test('migrations have unique, increasing versions', () => {
  const versions = MIGRATIONS.map((m) => m.version)
  expect(new Set(versions).size).toBe(versions.length)
  expect([...versions].sort((a, b) => a - b)).toEqual(versions)
})
