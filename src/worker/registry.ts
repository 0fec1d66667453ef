import type { AppContext } from '../context.ts'
import {
  SETTLE_DEPOSIT_QUEUE,
  settleDepositJob,
  settleDueDeposits,
  expireDueSessions,
  PROCESSOR_PAYMENT_CHANGED_JOB,
  REFUND_STRAY_PAYMENT_JOB,
  refundStrayPayment,
} from '../modules/checkout/index.ts'
import { Worker, type JobHandler, type PeriodicTask } from './runner.ts'
import { releaseDueReserves } from '../modules/ledger/index.ts'
import { REFUND_JOB, submitRefund } from '../modules/refunds/index.ts'
import { EMAIL_JOB, emailJob } from '../modules/email/index.ts'
import { runRetention } from './retention.ts'
import { processorPaymentChangedJob, runProcessorReconciliation } from './processor-reconcile.task.ts'
import { reconcileStaleCharges, runDueSubscriptions } from '../modules/subscriptions/index.ts'
// Each capability adds its job handlers and periodic tasks here.
export const JOB_HANDLERS: Record<string, JobHandler> = {
  [SETTLE_DEPOSIT_QUEUE]: settleDepositJob,
  [REFUND_JOB]: submitRefund,
  [EMAIL_JOB]: emailJob,
  [PROCESSOR_PAYMENT_CHANGED_JOB]: processorPaymentChangedJob,
  [REFUND_STRAY_PAYMENT_JOB]: refundStrayPayment,
}

export const PERIODIC_TASKS: PeriodicTask[] = [
  { name: 'release-rolling-reserves', everyMs: 60_000, run: (ctx) => releaseDueReserves(ctx) },
  { name: 'expire-checkout-sessions', everyMs: 30_000, run: (ctx) => expireDueSessions(ctx) },
  { name: 'settle-pending-deposits', everyMs: 60_000, run: (ctx) => settleDueDeposits(ctx) },
  // Expired idempotency keys, sessions, throttles, old webhook attempts and email, in batches.
  { name: 'retention', everyMs: 10 * 60_000, run: (ctx) => runRetention(ctx) },
  // Due reads are at 15 s granularity at best; a 5 s tick keeps the first one close to on time.
  { name: 'reconcile-processor-payments', everyMs: 5_000, run: (ctx) => runProcessorReconciliation(ctx) },
  { name: 'renew-subscriptions', everyMs: 30_000, run: (ctx) => runDueSubscriptions(ctx) },
  { name: 'reconcile-subscription-charges', everyMs: 60_000, run: (ctx) => reconcileStaleCharges(ctx) },
]

export const createWorker = (ctx: AppContext, pollMs?: number) =>
  new Worker(ctx, { handlers: JOB_HANDLERS, periodic: PERIODIC_TASKS, pollMs })
