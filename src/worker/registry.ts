import type { AppContext } from '../context.ts'
import { purgeExpired } from '../modules/idempotency/idempotency.repository.ts'
import { Worker, type JobHandler, type PeriodicTask } from './runner.ts'
import { EMAIL_JOB, emailJob } from '../modules/email/email.service.ts'

// Each capability adds its job handlers and periodic tasks here.
export const JOB_HANDLERS: Record<string, JobHandler> = {
  [EMAIL_JOB]: emailJob,
}

export const PERIODIC_TASKS: PeriodicTask[] = [
  { name: 'purge-idempotency-keys', everyMs: 10 * 60_000, run: (ctx) => purgeExpired(ctx.db, ctx.clock.now()) },
]

export const createWorker = (ctx: AppContext, pollMs?: number) => new Worker(ctx, { handlers: JOB_HANDLERS, periodic: PERIODIC_TASKS, pollMs })
