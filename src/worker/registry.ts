import type { AppContext } from '../context.ts'
import { purgeExpired } from '../modules/idempotency/index.ts'
import {
  SETTLE_DEPOSIT_QUEUE,
  settleDepositJob,
  settleDueDeposits,
  expireDueSessions,
} from '../modules/checkout/index.ts'
import { Worker, type JobHandler, type PeriodicTask } from './runner.ts'
import { releaseDueReserves } from '../modules/ledger/index.ts'
import { REFUND_JOB, submitRefund } from '../modules/refunds/index.ts'
import { EMAIL_JOB, emailJob } from '../modules/email/index.ts'
import { purgeAuthLeftovers } from '../modules/accounts/index.ts'
import { reconcileStaleCharges, runDueSubscriptions } from '../modules/subscriptions/index.ts'
// Each capability adds its job handlers and periodic tasks here.
export const JOB_HANDLERS: Record<string, JobHandler> = {
  [SETTLE_DEPOSIT_QUEUE]: settleDepositJob,
  [REFUND_JOB]: submitRefund,
  [EMAIL_JOB]: emailJob,
}

export const PERIODIC_TASKS: PeriodicTask[] = [
  { name: 'release-rolling-reserves', everyMs: 60_000, run: (ctx) => releaseDueReserves(ctx) },
  { name: 'purge-idempotency-keys', everyMs: 10 * 60_000, run: (ctx) => purgeExpired(ctx.db, ctx.clock.now()) },
  { name: 'expire-checkout-sessions', everyMs: 30_000, run: (ctx) => expireDueSessions(ctx) },
  { name: 'settle-pending-deposits', everyMs: 60_000, run: (ctx) => settleDueDeposits(ctx) },
  { name: 'renew-subscriptions', everyMs: 30_000, run: (ctx) => runDueSubscriptions(ctx) },
  { name: 'reconcile-subscription-charges', everyMs: 60_000, run: (ctx) => reconcileStaleCharges(ctx) },
  { name: 'purge-auth-leftovers', everyMs: 60 * 60_000, run: (ctx) => purgeAuthLeftovers(ctx.db, ctx.clock.now()) },
]

export const createWorker = (ctx: AppContext, pollMs?: number) =>
  new Worker(ctx, { handlers: JOB_HANDLERS, periodic: PERIODIC_TASKS, pollMs })
