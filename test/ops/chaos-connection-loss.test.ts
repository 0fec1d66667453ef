import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase, isPostgres, type TestDatabase } from '../support/database.ts'
import { waitFor } from '../support/wait.ts'

// Found by the chaos test (`npm run chaos`): restarting PostgreSQL ended every Kassa process, because a
// pooled client checked out between two statements had no 'error' listener when the server dropped it.
// Terminating the backend of an open transaction reproduces it; the process must live on, the
// transaction fail, and the next query get a fresh connection.

describe.runIf(isPostgres)('a connection dropped by PostgreSQL while checked out', () => {
  let database: TestDatabase
  let admin: pg.Client
  beforeAll(async () => {
    database = await createTestDatabase()
    admin = new pg.Client({ connectionString: database.url! })
    await admin.connect()
  })
  afterAll(async () => {
    await admin.end()
    await database.close()
  })

  const backendGone = async (pid: number) =>
    (await admin.query('select 1 from pg_stat_activity where pid = $1', [pid])).rowCount === 0

  test('inside a transaction: the transaction fails, the process lives, the pool recovers', async () => {
    for (let round = 0; round < 3; round++) {
      const outcome = database.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)
        const pid = rows[0].pid
        expect((await admin.query('select pg_terminate_backend($1) as ok', [pid])).rows[0].ok).toBe(true)
        await waitFor(() => backendGone(pid), { timeout: 10_000, message: `backend ${pid} to exit` })
        await sql`select 1`.execute(trx)
      })
      await expect(outcome).rejects.toThrow()
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(database.db)
      expect(rows).toEqual([{ one: 1 }])
    }
  })
})
