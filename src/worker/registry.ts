import type { AppContext } from '../context.ts'
import { SETTLE_DEPOSIT_QUEUE } from '../modules/hosted-checkout/checkout-lifecycle.ts'
import { settleDepositJob, settleDueDeposits } from '../modules/hosted-checkout/deposit-settlement.ts'
import { expireDueSessions } from '../modules/hosted-checkout/hosted-checkout.service.ts'
import { Worker, type JobHandler, type PeriodicTask } from './runner.ts'
import { releaseDueReserves } from '../modules/ledger/reserve.ts'
import { REFUND_JOB } from '../modules/refunds/refunds.service.ts'
import { submitRefund } from '../modules/refunds/refunds.processing.ts'
import { EMAIL_JOB, emailJob } from '../modules/email/email.service.ts'
import { runRetention } from './retention.ts'

// Each capability adds its job handlers and periodic tasks here.
export const JOB_HANDLERS: Record<string, JobHandler> = {
  [SETTLE_DEPOSIT_QUEUE]: settleDepositJob,
  [REFUND_JOB]: submitRefund,
  [EMAIL_JOB]: emailJob,
}

export const PERIODIC_TASKS: PeriodicTask[] = [
  { name: 'release-rolling-reserves', everyMs: 60_000, run: (ctx) => releaseDueReserves(ctx) },
  { name: 'expire-checkout-sessions', everyMs: 30_000, run: (ctx) => expireDueSessions(ctx) },
  { name: 'settle-pending-deposits', everyMs: 60_000, run: (ctx) => settleDueDeposits(ctx) },
  // Expired idempotency keys, sessions, throttles, old webhook attempts and email, in batches.
  { name: 'retention', everyMs: 10 * 60_000, run: (ctx) => runRetention(ctx) },
]

export const createWorker = (ctx: AppContext, pollMs?: number) =>
  new Worker(ctx, { handlers: JOB_HANDLERS, periodic: PERIODIC_TASKS, pollMs })
