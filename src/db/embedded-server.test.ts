import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type EmbeddedServer, shareEmbeddedDatabase } from './embedded-server.ts'

// The session lock of the shared embedded database: a client's transaction runs alone — other
// clients and the server's own queries wait for it — and a client that disappears mid-transaction
// leaves nothing behind.

const dir = mkdtempSync(join(tmpdir(), 'kassa-share-'))
let pglite: PGlite
let shared: EmbeddedServer
beforeAll(async () => {
  pglite = await PGlite.create()
  await pglite.exec('create table t (n int)')
  shared = await shareEmbeddedDatabase(pglite, dir)
})
afterAll(async () => {
  await shared.close()
  await pglite.close()
  rmSync(dir, { recursive: true, force: true })
})

async function client() {
  const endpoint = shared.endpoint
  const c = new pg.Client({
    ...('socketDir' in endpoint ? { host: endpoint.socketDir, port: 5432 } : endpoint),
    user: 'postgres',
    database: 'postgres',
  })
  await c.connect()
  return c
}
const count = async (c: pg.Client) => Number((await c.query('select count(*)::int as n from t')).rows[0].n)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('shared embedded database', () => {
  test('a transaction runs alone: other clients and the server wait, then see it committed', async () => {
    const a = await client()
    const b = await client()
    await a.query('begin')
    await a.query('insert into t values (1)')
    let bSaw: number | null = null
    let serverSaw: number | null = null
    const bRead = count(b).then((n) => (bSaw = n))
    const serverRead = pglite
      .query<{ n: number }>('select count(*)::int as n from t')
      .then((r) => (serverSaw = r.rows[0].n))
    await sleep(200)
    expect(bSaw).toBeNull()
    expect(serverSaw).toBeNull()
    await a.query('insert into t values (2)')
    await a.query('commit')
    await Promise.all([bRead, serverRead])
    expect(bSaw).toBe(2)
    expect(serverSaw).toBe(2)
    await a.end()
    await b.end()
  })

  test('a client that disconnects mid-transaction is rolled back and frees the database', async () => {
    const a = await client()
    await a.query('begin')
    await a.query('insert into t values (99)')
    a.on('error', () => {})
    ;(a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy()
    const b = await client()
    expect(await count(b)).toBe(2)
    expect((await b.query('select count(*)::int as n from t where n = 99')).rows[0].n).toBe(0)
    await b.end()
  })

  test('parameterised queries from several clients at once keep their statements apart', async () => {
    const clients = await Promise.all([client(), client(), client()])
    const results = await Promise.all(
      clients.flatMap((c, i) =>
        Array.from({ length: 10 }, (_, j) =>
          c.query('select $1::int * 100 + $2::int as v', [i, j]).then((r) => r.rows[0].v),
        ),
      ),
    )
    expect(results).toEqual(clients.flatMap((_, i) => Array.from({ length: 10 }, (_, j) => i * 100 + j)))
    await Promise.all(clients.map((c) => c.end()))
  })
})
