import { sql } from 'kysely'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts'
import { prepared } from './prepared.ts'

// prepared() compiles once per argument shape and then only binds values: every call must still see
// its own values, and each shape (keys present or undefined, array lengths, id kinds) its own SQL.

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const echo = prepared((db: TestDatabase['db'], n: number, tags: string[], row: { a: string; b?: string | null }) =>
  db
    .selectNoFrom((eb) => [
      sql<number>`${n}::int`.as('n'),
      sql<string>`array_to_string(array[${sql.join(tags)}]::text[], ',')`.as('tags'),
      eb.val(row.a).as('a'),
      (row.b === undefined ? sql<string>`'default'` : sql<string | null>`${row.b}::text`).as('b'),
    ])
    .where(sql<boolean>`${n}::int > 0`),
)

test('each call binds its own values into the SQL compiled for its shape', async () => {
  const db = database.db
  expect(await echo(db, 1, ['x'], { a: 'first', b: 'one' })).toEqual([{ n: 1, tags: 'x', a: 'first', b: 'one' }])
  expect(await echo(db, 2, ['y'], { a: 'second', b: null })).toEqual([{ n: 2, tags: 'y', a: 'second', b: null }])
  expect(await echo(db, 3, ['p', 'q', 'r'], { a: 'third', b: 'three' })).toEqual([
    { n: 3, tags: 'p,q,r', a: 'third', b: 'three' },
  ])
  expect(await echo(db, 4, ['z'], { a: 'fourth' })).toEqual([{ n: 4, tags: 'z', a: 'fourth', b: 'default' }])
  expect(await echo(db, 5, ['w'], { a: 'fifth', b: 'five' })).toEqual([{ n: 5, tags: 'w', a: 'fifth', b: 'five' }])
  expect(await echo(db, -1, ['v'], { a: 'none', b: 'x' })).toEqual([])
})

test('a branch on an object key picks its own SQL', async () => {
  const pick = prepared((db: TestDatabase['db'], id: { numeric: number } | { text: string }) =>
    db.selectNoFrom(() => [
      'numeric' in id ? sql<string>`'numeric:' || ${id.numeric}`.as('v') : sql<string>`'text:' || ${id.text}`.as('v'),
    ]),
  )
  expect(await pick(database.db, { numeric: 7 })).toEqual([{ v: 'numeric:7' }])
  expect(await pick(database.db, { text: 'abc' })).toEqual([{ v: 'text:abc' }])
  expect(await pick(database.db, { numeric: 8 })).toEqual([{ v: 'numeric:8' }])
})
