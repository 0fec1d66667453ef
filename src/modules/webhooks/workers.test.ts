import { spawn } from 'node:child_process'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createMerchantFixture,
  createTestPlatform,
  TEST_SECRET_KEY,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { isPostgres } from '../../../test/support/database.ts'
import { startReceiver } from '../../../test/support/webhook-receiver.ts'
import { openDatabase } from '../../db/database.ts'
import { insertEvent } from '../events/index.ts'
import { createEndpoint } from './endpoints.service.ts'
import { WebhookDispatcher } from './dispatcher.ts'
import type { EventPayload } from '../events/index.ts'

// Real concurrency: several connections, LISTEN/NOTIFY and a second OS process need PostgreSQL.
describe.runIf(isPostgres)('webhook workers on PostgreSQL', () => {
  let p: TestPlatform
  let m: Merchant
  const scope = () => ({ organizationId: m.organizationId, environment: 'sandbox' as const })
  beforeAll(async () => {
    p = await createTestPlatform()
  })
  afterAll(() => p.close())

  const record = (n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        insertEvent(p.ctx.db, {
          organizationId: m.organizationId,
          environment: 'sandbox',
          type: 'transaction.status_changed',
          subjectId: `TX${i}`,
          payload: { transaction_id: `TX${i}` } as EventPayload<'transaction.status_changed'>,
        }),
      ),
    )

  it('two workers deliver each event exactly once between them', async () => {
    m = await createMerchantFixture(p.ctx)
    const r = await startReceiver()
    const second = await openDatabase({ databaseUrl: p.database.url, dataDir: null, poolSize: 10 })
    const a = new WebhookDispatcher(p.ctx, { listenUrl: p.database.url, pollMs: 50, concurrency: 16 })
    const b = new WebhookDispatcher(
      { ...p.ctx, db: second.db },
      { listenUrl: p.database.url, pollMs: 50, concurrency: 16 },
    )
    try {
      await createEndpoint(p.ctx, scope(), { url: r.url })
      a.start()
      b.start()
      const n = 400
      await record(n)
      await r.waitFor(n, 30_000)
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(r.requests).toHaveLength(n)
      expect(new Set(r.requests.map((q) => q.headers['x-webhook-delivery-id'])).size).toBe(n)
      const attempts = await p.ctx.db.selectFrom('webhook_attempts').select(['worker_id']).execute()
      expect(attempts).toHaveLength(n)
      // Both really worked (otherwise this test would prove nothing about sharing).
      expect(new Set(attempts.map((x) => x.worker_id))).toEqual(new Set([a.id, b.id]))
      const pending = await p.ctx.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('status', '!=', 'succeeded')
        .execute()
      expect(pending).toHaveLength(0)
    } finally {
      await a.stop()
      await b.stop()
      await second.close()
      await r.close()
    }
  })

  it('wakes on NOTIFY at commit instead of waiting for the poll', async () => {
    m = await createMerchantFixture(p.ctx)
    const r = await startReceiver()
    const d = new WebhookDispatcher(p.ctx, { listenUrl: p.database.url, pollMs: 30_000 })
    try {
      await createEndpoint(p.ctx, scope(), { url: r.url })
      d.start()
      await new Promise((resolve) => setTimeout(resolve, 300)) // the LISTEN connection is up
      const started = performance.now()
      await record(1)
      const [req] = await r.waitFor(1, 5_000)
      expect(req.at - started).toBeLessThan(1_000)
    } finally {
      await d.stop()
      await r.close()
    }
  })

  it('re-establishes LISTEN after its connection is killed', async () => {
    m = await createMerchantFixture(p.ctx)
    const r = await startReceiver()
    const d = new WebhookDispatcher(p.ctx, { listenUrl: p.database.url, pollMs: 30_000 })
    try {
      await createEndpoint(p.ctx, scope(), { url: r.url })
      d.start()
      const listeners = () =>
        sql<{
          pid: number
        }>`select pid from pg_stat_activity where datname = current_database() and query = 'listen kassa_webhooks'`.execute(
          p.ctx.db,
        )
      await expect.poll(async () => (await listeners()).rows.length, { timeout: 5_000 }).toBe(1)
      const [{ pid }] = (await listeners()).rows
      await sql`select pg_terminate_backend(${pid})`.execute(p.ctx.db)
      await expect
        .poll(async () => (await listeners()).rows.filter((row) => row.pid !== pid).length, { timeout: 10_000 })
        .toBe(1)
      const started = performance.now()
      await record(1)
      const [req] = await r.waitFor(1, 5_000)
      expect(req.at - started).toBeLessThan(1_000)
    } finally {
      await d.stop()
      await r.close()
    }
  })

  it('a worker process killed with SIGKILL mid-delivery loses nothing: the delivery is retried after the lease', async () => {
    m = await createMerchantFixture(p.ctx)
    let firstArrived!: () => void
    const arrived = new Promise<void>((resolve) => (firstArrived = resolve))
    const r = await startReceiver((_q, i) => {
      if (i === 0) {
        firstArrived()
        return 'hang'
      }
      return { status: 200 }
    })
    await createEndpoint(p.ctx, scope(), { url: r.url })
    const child = spawn(process.execPath, ['bin/kassa.mjs', 'worker'], {
      env: {
        ...process.env,
        DATABASE_URL: p.database.url!,
        NODE_ENV: 'test',
        SECRET_KEY: TEST_SECRET_KEY,
        ALLOW_PRIVATE_WEBHOOK_URLS: 'true',
        LOG_LEVEL: 'silent',
        WORKER_POLL_MS: '100',
      },
      stdio: 'ignore',
    })
    const exited = new Promise((resolve) => child.once('exit', resolve))
    try {
      await record(1)
      await arrived
      child.kill('SIGKILL')
      await exited
      const row = await p.ctx.db
        .selectFrom('webhook_deliveries')
        .select(['status', 'locked_by', 'attempts'])
        .where('organization_id', '=', m.organizationId)
        .executeTakeFirstOrThrow()
      expect(row).toMatchObject({ status: 'pending', attempts: 1 })
      expect(row.locked_by).toMatch(/^webhooks-/)
      const d = new WebhookDispatcher(p.ctx, { listenUrl: null })
      expect(await d.drain()).toHaveLength(0) // still leased to the dead worker
      p.clock.advance(61_000)
      expect(await d.drain()).toMatchObject([{ status: 'succeeded', attemptNumber: 2 }])
      const requests = await r.waitFor(2)
      expect(requests[1].headers['x-webhook-delivery-id']).toBe(requests[0].headers['x-webhook-delivery-id'])
      expect(requests[1].body).toBe(requests[0].body)
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await r.close()
    }
  }, 60_000)

  it('fan-out is exactly once per event and endpoint under concurrent event writers', async () => {
    m = await createMerchantFixture(p.ctx)
    const endpoints = await Promise.all(
      [1, 2, 3].map((i) => createEndpoint(p.ctx, scope(), { url: `http://127.0.0.1:9/${i}` })),
    )
    const events = await record(200)
    const rows = await p.ctx.db
      .selectFrom('webhook_deliveries')
      .select(['event_id', 'endpoint_id'])
      .where('organization_id', '=', m.organizationId)
      .execute()
    expect(rows).toHaveLength(events.length * endpoints.length)
    expect(new Set(rows.map((r) => `${r.event_id}:${r.endpoint_id}`)).size).toBe(rows.length)
  })
})
