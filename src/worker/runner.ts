import { randomBytes } from 'node:crypto'
import type { AppContext } from '../context.ts'
import { claimJobs, completeJob, failJob, type ClaimedJob } from '../db/jobs.ts'

export type JobHandler = (ctx: AppContext, payload: Record<string, unknown>, job: ClaimedJob) => Promise<void>

/** A task the worker runs on an interval (expiry sweeps, purges); each run is cheap and idempotent. */
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
  leaseMs?: number
}

/** Exponential backoff for generic jobs: 1 s, 2 s, 4 s … capped at 10 min. */
const backoffMs = (attempts: number) => Math.min(600_000, 1000 * 2 ** Math.max(0, attempts - 1))

export class Worker {
  readonly id = `worker-${process.pid}-${randomBytes(3).toString('hex')}`
  private running = false
  private wake: (() => void) | null = null
  private loop: Promise<void> | null = null
  private timers: NodeJS.Timeout[] = []

  constructor(
    private readonly ctx: AppContext,
    private readonly options: WorkerOptions,
  ) {}

  start(): void {
    if (this.running) return
    this.running = true
    this.loop = this.run()
    for (const task of this.options.periodic ?? []) {
      const timer = setInterval(() => {
        task.run(this.ctx).catch((err) => this.ctx.log.error({ err, task: task.name }, 'periodic task failed'))
      }, task.everyMs)
      timer.unref()
      this.timers.push(timer)
    }
  }

  /** Wakes the loop now instead of at the next poll (same-process enqueue). */
  poke(): void {
    this.wake?.()
  }

  async stop(): Promise<void> {
    this.running = false
    for (const t of this.timers) clearInterval(t)
    this.poke()
    await this.loop
  }

  /** Runs every due job once; tests call this to drive the worker deterministically. */
  async drain(maxRounds = 100): Promise<number> {
    let total = 0
    for (let i = 0; i < maxRounds; i++) {
      const n = await this.tick()
      total += n
      if (n === 0) break
    }
    return total
  }

  async runPeriodic(): Promise<void> {
    for (const task of this.options.periodic ?? []) await task.run(this.ctx)
  }

  private async tick(): Promise<number> {
    const jobs = await claimJobs(
      this.ctx.db,
      Object.keys(this.options.handlers),
      this.id,
      this.options.batchSize ?? 20,
      this.options.leaseMs ?? 60_000,
    )
    await Promise.all(jobs.map((job) => this.execute(job)))
    return jobs.length
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const handler = this.options.handlers[job.queue]
    try {
      await handler(this.ctx, job.payload, job)
      await completeJob(this.ctx.db, job.id)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      this.ctx.log.warn({ err, job: job.id, queue: job.queue, attempts: job.attempts }, 'job failed')
      const retryAt = job.attempts >= job.max_attempts ? null : new Date(Date.now() + backoffMs(job.attempts))
      await failJob(this.ctx.db, job, message, retryAt).catch((e) =>
        this.ctx.log.error({ err: e }, 'could not record job failure'),
      )
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let processed = 0
      try {
        processed = await this.tick()
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
