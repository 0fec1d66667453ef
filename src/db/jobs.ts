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

/** Claims due jobs with FOR UPDATE SKIP LOCKED, so any number of workers share the queue without double work. */
export async function claimJobs(
  db: Database,
  queues: string[],
  workerId: string,
  limit: number,
  leaseMs: number,
): Promise<ClaimedJob[]> {
  if (queues.length === 0) return []
  const result = await sql<ClaimedJob>`
    update jobs set locked_until = now() + make_interval(secs => ${leaseMs / 1000}), locked_by = ${workerId}, attempts = attempts + 1
    where id in (
      select id from jobs
      where queue in (${sql.join(queues)}) and run_at <= now() and (locked_until is null or locked_until < now())
      order by run_at, id
      limit ${limit}
      for update skip locked
    )
    returning id, queue, payload, attempts, max_attempts`.execute(db)
  return result.rows.map((r) => ({ ...r, payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload }))
}

export async function completeJob(db: Database, id: number) {
  await db.deleteFrom('jobs').where('id', '=', id).execute()
}

/** A failed job runs again later; one out of attempts stays in the table, parked, for an operator to read. */
export async function failJob(db: Database, job: ClaimedJob, error: string, retryAt: Date | null) {
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
