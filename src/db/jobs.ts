import { sql } from 'kysely'
import type { Database } from './database.ts'

export interface EnqueueOptions {
  runAt?: Date
  maxAttempts?: number
  /** At most one pending job per (queue, singleton key): a second enqueue is a no-op. */
  singletonKey?: string
}

/** Enqueue inside the caller's transaction so the job exists iff the state change commits (outbox). */
export async function enqueue(
  db: Database,
  queue: string,
  payload: Record<string, unknown>,
  options: EnqueueOptions = {},
) {
  await db
    .insertInto('jobs')
    .values({
      queue,
      payload: JSON.stringify(payload),
      run_at: options.runAt ?? new Date(),
      max_attempts: options.maxAttempts ?? 25,
      singleton_key: options.singletonKey ?? null,
    })
    .onConflict((oc) => oc.columns(['queue', 'singleton_key']).where('singleton_key', 'is not', null).doNothing())
    .execute()
}

export interface ClaimedJob {
  id: number
  queue: string
  payload: Record<string, unknown>
  attempts: number
  max_attempts: number
}

/**
 * Claims due jobs with FOR UPDATE SKIP LOCKED, so any number of workers share the queue without double
 * work. `now` is the runner's clock (injectable); a job whose lease expired (its worker died) is due again.
 */
export async function claimJobs(
  db: Database,
  queues: string[],
  workerId: string,
  limit: number,
  leaseMs: number,
  now: Date,
): Promise<ClaimedJob[]> {
  if (queues.length === 0) return []
  const leaseUntil = new Date(now.getTime() + leaseMs)
  const result = await sql<ClaimedJob>`
    update jobs set locked_until = ${leaseUntil}, locked_by = ${workerId}, attempts = attempts + 1
    where id in (
      select id from jobs
      -- greatest(): rows stamped by the database clock must not wait for an app clock running behind it.
      where queue in (${sql.join(queues)}) and run_at <= greatest(${now}::timestamptz, now())
        and (locked_until is null or locked_until < greatest(${now}::timestamptz, now()))
      order by run_at, id
      limit ${limit}
      for update skip locked
    )
    returning id, queue, payload, attempts, max_attempts`.execute(db)
  return result.rows.map((r) => ({ ...r, payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload }))
}

/** Extends the lease of jobs this worker still holds; returns the ids it still holds (a lost lease is missing). */
export async function extendLeases(db: Database, ids: number[], workerId: string, leaseUntil: Date): Promise<number[]> {
  if (ids.length === 0) return []
  const rows = await db
    .updateTable('jobs')
    .set({ locked_until: leaseUntil })
    .where('id', 'in', ids)
    .where('locked_by', '=', workerId)
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}

/** Compare-and-set on the lease: a worker that lost its job to another one cannot finish it twice. */
export async function completeJob(db: Database, id: number, workerId: string): Promise<boolean> {
  const result = await db.deleteFrom('jobs').where('id', '=', id).where('locked_by', '=', workerId).executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}

/** A failed job runs again later; one out of attempts stays in the table, parked, for an operator to read. */
export async function failJob(db: Database, job: ClaimedJob, workerId: string, error: string, retryAt: Date | null) {
  await db
    .updateTable('jobs')
    .set(
      retryAt
        ? { run_at: retryAt, locked_until: null, locked_by: null, last_error: error.slice(0, 2000) }
        : {
            queue: `dead:${job.queue}`,
            locked_until: null,
            locked_by: null,
            last_error: error.slice(0, 2000),
            singleton_key: null,
          },
    )
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .execute()
}

export const periodicQueue = (name: string) => `periodic:${name}`

/** One row per periodic task, shared by every worker: the first to start creates it, due now. */
export async function ensurePeriodicTask(db: Database, name: string, firstRunAt: Date) {
  await db
    .insertInto('jobs')
    .values({
      queue: periodicQueue(name),
      payload: '{}',
      run_at: firstRunAt,
      max_attempts: 2 ** 30,
      singleton_key: name,
    })
    .onConflict((oc) => oc.columns(['queue', 'singleton_key']).where('singleton_key', 'is not', null).doNothing())
    .execute()
}

/** After a run (or a failed one), the task's single row waits for its next interval. */
export async function reschedulePeriodicTask(
  db: Database,
  id: number,
  workerId: string,
  nextRunAt: Date,
  error: string | null,
) {
  await db
    .updateTable('jobs')
    .set({
      run_at: nextRunAt,
      locked_until: null,
      locked_by: null,
      attempts: 0,
      last_error: error?.slice(0, 2000) ?? null,
    })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute()
}

export async function countDueJobs(db: Database, queue: string): Promise<number> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('queue', '=', queue)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
