import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts'
import { systemClock } from '../context.ts'
import { backoffMs } from './backoff.ts'
import { claimJobs, completeJob, enqueue } from '../db/jobs.ts'
import { type JobHandler, Worker } from './runner.ts'

let p: TestPlatform
beforeAll(async () => {
  p = await createTestPlatform()
})
afterAll(() => p.close())
beforeEach(async () => {
  await p.ctx.db.deleteFrom('jobs').execute()
})

const jobs = () => p.ctx.db.selectFrom('jobs').selectAll().orderBy('id').execute()
const worker = (handlers: Record<string, JobHandler>, options: Partial<ConstructorParameters<typeof Worker>[1]> = {}) =>
  new Worker(p.ctx, { handlers, pollMs: 20, ...options })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('backoff', () => {
  test('doubles per attempt, half of it random, capped at 10 minutes', () => {
    expect(backoffMs(1, () => 0)).toBe(500)
    expect(backoffMs(1, () => 1)).toBe(1000)
    expect(backoffMs(4, () => 0)).toBe(4000)
    expect(backoffMs(4, () => 1)).toBe(8000)
    expect(backoffMs(40, () => 1)).toBe(600_000)
    expect(backoffMs(40, () => 0)).toBe(300_000)
    const spread = new Set(Array.from({ length: 50 }, () => backoffMs(6)))
    expect(spread.size).toBeGreaterThan(10)
  })
})

describe('job runner', () => {
  test('a failing job is retried after its backoff, on the injected clock, then parked as dead', async () => {
    let calls = 0
    const w = worker(
      {
        flaky: async () => {
          calls++
          throw new Error(`boom ${calls}`)
        },
      },
      { random: () => 1 },
    )
    await enqueue(p.ctx.db, 'flaky', { n: 1 }, { maxAttempts: 3 })
    expect(await w.drain()).toBe(1)
    let [row] = await jobs()
    expect(row).toMatchObject({ queue: 'flaky', attempts: 1, last_error: 'boom 1', locked_by: null })
    const delay = row.run_at.getTime() - p.clock.now().getTime()
    expect(delay).toBeGreaterThan(800)
    expect(delay).toBeLessThanOrEqual(1000)
    // Not due yet: nothing runs until the clock passes the backoff.
    expect(await w.drain()).toBe(0)
    p.clock.advance(1_100)
    expect(await w.drain()).toBe(1)
    ;[row] = await jobs()
    expect(row.run_at.getTime() - p.clock.now().getTime()).toBeGreaterThan(1_800)
    p.clock.advance(2_100)
    expect(await w.drain()).toBe(1)
    ;[row] = await jobs()
    expect(row).toMatchObject({ queue: 'dead:flaky', attempts: 3, last_error: 'boom 3', singleton_key: null })
    p.clock.advance(3_600_000)
    expect(await w.drain()).toBe(0)
    expect(calls).toBe(3)
  })

  test('a job that succeeds is deleted', async () => {
    const seen: unknown[] = []
    await enqueue(p.ctx.db, 'ok', { hello: 'world' })
    expect(await worker({ ok: async (_ctx, payload) => void seen.push(payload) }).drain()).toBe(1)
    expect(seen).toEqual([{ hello: 'world' }])
    expect(await jobs()).toHaveLength(0)
  })

  test('a lease held by a dead worker is reclaimed once it expires; the dead worker cannot complete it', async () => {
    await enqueue(p.ctx.db, 'reclaim', {})
    const [claimed] = await claimJobs(p.ctx.db, ['reclaim'], 'worker-that-died', 1, 5_000, p.clock.now())
    let runs = 0
    const w = worker({ reclaim: async () => void runs++ })
    expect(await w.drain()).toBe(0)
    p.clock.advance(5_500)
    expect(await w.drain()).toBe(1)
    expect(runs).toBe(1)
    expect(await completeJob(p.ctx.db, claimed.id, 'worker-that-died')).toBe(false)
  })

  test('two runners claiming together run every job exactly once', async () => {
    const ran: number[] = []
    const byWorker = new Map<string, number>()
    const handler =
      (name: string): JobHandler =>
      async (_ctx, payload) => {
        await sleep(5)
        ran.push(payload.n as number)
        byWorker.set(name, (byWorker.get(name) ?? 0) + 1)
      }
    for (let n = 0; n < 60; n++) await enqueue(p.ctx.db, 'shared', { n })
    const a = worker({ shared: handler('a') }, { batchSize: 5 })
    const b = worker({ shared: handler('b') }, { batchSize: 5 })
    await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()])
    expect(ran.sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, n) => n))
    expect(await jobs()).toHaveLength(0)
  })

  // Real time here (the shared fake clock is far ahead by now): leases are short and really expire.
  async function longJob(heartbeatMs: number) {
    await p.ctx.db.deleteFrom('jobs').execute()
    await enqueue(p.ctx.db, 'long', {})
    const realTime = { ...p.ctx, clock: systemClock }
    let release!: () => void
    const gate = new Promise<void>((r) => {
      release = r
    })
    let runs = 0
    const a = new Worker(realTime, {
      handlers: {
        long: async () => {
          runs++
          await gate
        },
      },
      pollMs: 20,
      leaseMs: 400,
      heartbeatMs,
    })
    const b = new Worker(realTime, { handlers: { long: async () => void runs++ }, leaseMs: 400 })
    a.start()
    while (runs === 0) await sleep(10)
    await sleep(1_000) // 2.5 leases
    const takenOver = await b.drain()
    const [row] = await jobs()
    release()
    await a.stop()
    return { takenOver, runs, row, a }
  }

  test('heartbeats keep a long job’s lease, so no other runner takes it', async () => {
    const beating = await longJob(100)
    expect(beating.takenOver).toBe(0)
    expect(beating.row.locked_by).toBe(beating.a.id)
    expect(beating.runs).toBe(1)
    expect(await jobs()).toHaveLength(0)
    // Control: with no heartbeat within the lease, the other runner does take it over.
    const silent = await longJob(60_000)
    expect(silent.takenOver).toBe(1)
    expect(silent.runs).toBe(2)
  })

  test('a periodic task runs once per interval across all workers', async () => {
    let runs = 0
    const task = { name: 'sweep', everyMs: 60_000, run: async () => void runs++ }
    const a = worker({}, { periodic: [task] })
    const b = worker({}, { periodic: [task] })
    await Promise.all([a.runDuePeriodic(), b.runDuePeriodic()])
    expect(runs).toBe(1)
    // Both loops running for a while: still nothing due.
    a.start()
    b.start()
    await sleep(300)
    await Promise.all([a.stop(), b.stop()])
    expect(runs).toBe(1)
    p.clock.advance(61_000)
    await Promise.all([b.runDuePeriodic(), a.runDuePeriodic()])
    expect(runs).toBe(2)
    const rows = await jobs()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ queue: 'periodic:sweep', locked_by: null })
  })

  test('a failing periodic task is rescheduled, not parked', async () => {
    const task = {
      name: 'fails',
      everyMs: 1_000,
      run: async () => {
        throw new Error('sweep broke')
      },
    }
    const w = worker({}, { periodic: [task] })
    expect(await w.runDuePeriodic()).toBe(1)
    const [row] = await jobs()
    expect(row).toMatchObject({ queue: 'periodic:fails', last_error: 'sweep broke', attempts: 0 })
    p.clock.advance(1_100)
    expect(await w.runDuePeriodic()).toBe(1)
  })
})
