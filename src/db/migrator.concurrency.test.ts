import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { describe, expect, test } from 'vitest'
import { isPostgres, POSTGRES_URL } from '../../test/support/database.ts'
import { openDatabase } from './database.ts'
import { migrate } from './migrator.ts'
import { MIGRATIONS } from './migrations/index.ts'

// Several processes may start at once on a new database (a deployment scaled to N, `kassa serve` and
// `kassa worker` together). The migrator's advisory lock comes before anything else it does, its own
// table included, so exactly one applies the migrations and the others find them done.

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL })
  await client.connect()
  try {
    await client.query(query)
  } finally {
    await client.end()
  }
}

describe.runIf(isPostgres)('concurrent migrators on a fresh PostgreSQL database', () => {
  test('all succeed and exactly one applies the migrations', { timeout: 60_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const name = `kassa_mig_${randomBytes(6).toString('hex')}`
      await admin(`create database ${name}`)
      const url = new URL(POSTGRES_URL)
      url.pathname = `/${name}`
      const handles = await Promise.all(
        [1, 2, 3].map(() => openDatabase({ databaseUrl: url.toString(), dataDir: null, poolSize: 1 })),
      )
      try {
        const results = await Promise.allSettled(handles.map((h) => migrate(h.db)))
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled'])
        const applied = results.map((r) => (r.status === 'fulfilled' ? r.value.applied.length : -1)).sort()
        expect(applied).toEqual([0, 0, MIGRATIONS.length])
        const rows = await handles[0].db.selectFrom('kassa_migrations').select('version').execute()
        expect(rows).toHaveLength(MIGRATIONS.length)
      } finally {
        await Promise.all(handles.map((h) => h.close()))
        await admin(`drop database if exists ${name} with (force)`)
      }
    }
  })
})
