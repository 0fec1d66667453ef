import type { AppContext } from '../context.ts'
import { purgeExpired } from '../modules/idempotency/idempotency.repository.ts'
import { Worker, type JobHandler, type PeriodicTask } from './runner.ts'
import { releaseDueReserves } from '../modules/ledger/reserve.ts'
import { REFUND_JOB } from '../modules/refunds/refunds.service.ts'
import { submitRefund } from '../modules/refunds/refunds.processing.ts'

// Each capability adds its job handlers and periodic tasks here.
export const JOB_HANDLERS: Record<string, JobHandler> = {
  [REFUND_JOB]: submitRefund,
}

export const PERIODIC_TASKS: PeriodicTask[] = [
  { name: 'release-rolling-reserves', everyMs: 60_000, run: (ctx) => releaseDueReserves(ctx) },
  { name: 'purge-idempotency-keys', everyMs: 10 * 60_000, run: (ctx) => purgeExpired(ctx.db, ctx.clock.now()) },
]

export const createWorker = (ctx: AppContext, pollMs?: number) => new Worker(ctx, { handlers: JOB_HANDLERS, periodic: PERIODIC_TASKS, pollMs })
