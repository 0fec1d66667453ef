import { randomBytes } from 'node:crypto'
import type { AppContext } from '../context.ts'
import { jobsProcessed } from '../lib/metrics.ts'
import { backoffMs } from './backoff.ts'
import {
  type ClaimedJob,
  claimJobs,
  completeJob,
  ensurePeriodicTask,
  extendLeases,
  failJob,
  periodicQueue,
  reschedulePeriodicTask,
} from '../db/jobs.ts'

export type JobHandler = (ctx: AppContext, payload: Record<string, unknown>, job: ClaimedJob) => Promise<void>

/**
 * A task run once per interval across ALL workers: its single row in `jobs` (queue
 * "periodic:<name>") is claimed like a job and rescheduled after each run, so N workers never run a
 * sweep N times. Each run is cheap and idempotent.
 */
export interface PeriodicTask {
  name: string
  everyMs: number
  run(ctx: AppContext): Promise<unknown>
}

export interface WorkerOptions {
  handlers: Record<string, JobHandler>
  periodic?: PeriodicTask[]
  pollMs?: number
  batchSize?: number
  /** How long a claimed job is ours; heartbeats extend it while the handler runs. */
  leaseMs?: number
  /** Default a third of the lease: two missed beats still leave the lease alive. */
  heartbeatMs?: number
  random?: () => number
}

export class Worker {
  readonly id = `worker-${process.pid}-${randomBytes(3).toString('hex')}`
  private running = false
  private wake: (() => void) | null = null
  private loop: Promise<void> | null = null
  private heartbeat: NodeJS.Timeout | null = null
  /** Jobs (and periodic rows) this worker is running now, whose leases the heartbeat extends. */
  private readonly held = new Set<number>()
  private readonly periodic: Map<string, PeriodicTask>
  private readonly leaseMs: number

  constructor(
    private readonly ctx: AppContext,
    private readonly options: WorkerOptions,
  ) {
    this.periodic = new Map((options.periodic ?? []).map((t) => [periodicQueue(t.name), t]))
    this.leaseMs = options.leaseMs ?? 60_000
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.loop = this.run()
    this.heartbeat = setInterval(() => void this.beat(), this.options.heartbeatMs ?? this.leaseMs / 3)
    this.heartbeat.unref()
  }

  /** Wakes the loop now instead of at the next poll (same-process enqueue). */
  poke(): void {
    this.wake?.()
  }

  async stop(): Promise<void> {
    this.running = false
    this.poke()
    await this.loop
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.heartbeat = null
  }

  /** Runs every due job once (periodic tasks excluded); tests call this to drive the worker deterministically. */
  async drain(maxRounds = 100): Promise<number> {
    let total = 0
    for (let i = 0; i < maxRounds; i++) {
      const n = await this.tick(Object.keys(this.options.handlers))
      total += n
      if (n === 0) break
    }
    return total
  }

  /** Runs every periodic task now, in this process, ignoring their schedule (tests). */
  async runPeriodic(): Promise<void> {
    for (const task of this.periodic.values()) await task.run(this.ctx)
  }

  /** Creates the periodic rows if missing, then runs those that are due (once, whichever worker claims them). */
  async runDuePeriodic(): Promise<number> {
    await this.ensurePeriodic()
    return this.tick([...this.periodic.keys()])
  }

  /** Extends the leases of what this worker is running; called on a timer, and by tests. */
  async beat(): Promise<void> {
    if (this.held.size === 0) return
    const leaseUntil = new Date(this.ctx.clock.now().getTime() + this.leaseMs)
    try {
      const kept = new Set(await extendLeases(this.ctx.db, [...this.held], this.id, leaseUntil))
      for (const id of this.held)
        if (!kept.has(id)) this.ctx.log.warn({ job: id, worker: this.id }, 'job lease lost to another worker')
    } catch (err) {
      this.ctx.log.warn({ err }, 'job heartbeat failed')
    }
  }

  private async ensurePeriodic(): Promise<void> {
    const now = this.ctx.clock.now()
    for (const task of this.periodic.values()) await ensurePeriodicTask(this.ctx.db, task.name, now)
  }

  private async tick(queues: string[]): Promise<number> {
    const jobs = await claimJobs(
      this.ctx.db,
      queues,
      this.id,
      this.options.batchSize ?? 20,
      this.leaseMs,
      this.ctx.clock.now(),
    )
    await Promise.all(jobs.map((job) => this.execute(job)))
    return jobs.length
  }

  private async execute(job: ClaimedJob): Promise<void> {
    this.held.add(job.id)
    try {
      const task = this.periodic.get(job.queue)
      if (task) await this.runTask(task, job)
      else await this.runJob(job)
    } finally {
      this.held.delete(job.id)
    }
  }

  private async runTask(task: PeriodicTask, job: ClaimedJob): Promise<void> {
    let error: string | null = null
    try {
      await task.run(this.ctx)
    } catch (err) {
      error = err instanceof Error ? err.message : String(err)
      this.ctx.log.error({ err, task: task.name }, 'periodic task failed')
    }
    const next = new Date(this.ctx.clock.now().getTime() + task.everyMs)
    await reschedulePeriodicTask(this.ctx.db, job.id, this.id, next, error).catch((err) =>
      this.ctx.log.error({ err, task: task.name }, 'could not reschedule periodic task'),
    )
  }

  private async runJob(job: ClaimedJob): Promise<void> {
    const handler = this.options.handlers[job.queue]
    try {
      await handler(this.ctx, job.payload, job)
      if (await completeJob(this.ctx.db, job.id, this.id)) jobsProcessed.inc({ queue: job.queue, outcome: 'completed' })
      else this.ctx.log.warn({ job: job.id, queue: job.queue }, 'job finished after its lease passed to another worker')
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      this.ctx.log.warn({ err, job: job.id, queue: job.queue, attempts: job.attempts }, 'job failed')
      const retryAt =
        job.attempts >= job.max_attempts
          ? null
          : new Date(this.ctx.clock.now().getTime() + backoffMs(job.attempts, this.options.random))
      jobsProcessed.inc({ queue: job.queue, outcome: retryAt ? 'retried' : 'dead' })
      await failJob(this.ctx.db, job, this.id, message, retryAt).catch((e) =>
        this.ctx.log.error({ err: e }, 'could not record job failure'),
      )
    }
  }

  private async run(): Promise<void> {
    const queues = [...Object.keys(this.options.handlers), ...this.periodic.keys()]
    let ensured = false
    while (this.running) {
      let processed = 0
      try {
        if (!ensured) await this.ensurePeriodic()
        ensured = true
        processed = await this.tick(queues)
      } catch (err) {
        this.ctx.log.error({ err }, 'worker poll failed')
      }
      if (processed > 0) continue
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs ?? this.ctx.config.workerPollMs)
        this.wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.wake = null
    }
  }
}
