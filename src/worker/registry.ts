import type { AppContext } from '../context.ts'
import { purgeExpired } from '../modules/idempotency/idempotency.repository.ts'
import { SETTLE_DEPOSIT_QUEUE } from '../modules/hosted-checkout/checkout-lifecycle.ts'
import { settleDepositJob, settleDueDeposits } from '../modules/hosted-checkout/deposit-settlement.ts'
import { expireDueSessions } from '../modules/hosted-checkout/hosted-checkout.service.ts'
import { Worker, type JobHandler, type PeriodicTask } from './runner.ts'
import { releaseDueReserves } from '../modules/ledger/reserve.ts'
import { REFUND_JOB } from '../modules/refunds/refunds.service.ts'
import { submitRefund } from '../modules/refunds/refunds.processor.ts'
import { PROCESSOR_PAYMENT_CHANGED_JOB } from '../modules/checkout/processor-webhook.service.ts'
import { REFUND_STRAY_PAYMENT_JOB, refundStrayPayment } from '../modules/checkout/processor-reconcile.service.ts'
import { processorPaymentChangedJob, runProcessorReconciliation } from './processor-reconcile.task.ts'
import { EMAIL_JOB, emailJob } from '../modules/email/email.service.ts'
import { purgeAuthLeftovers } from '../modules/auth/auth.repository.ts'

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
  { name: 'purge-idempotency-keys', everyMs: 10 * 60_000, run: (ctx) => purgeExpired(ctx.db, ctx.clock.now()) },
  { name: 'expire-checkout-sessions', everyMs: 30_000, run: (ctx) => expireDueSessions(ctx) },
  { name: 'settle-pending-deposits', everyMs: 60_000, run: (ctx) => settleDueDeposits(ctx) },
  // Due reads are at 15 s granularity at best; a 5 s tick keeps the first one close to on time.
  { name: 'reconcile-processor-payments', everyMs: 5_000, run: (ctx) => runProcessorReconciliation(ctx) },
  { name: 'purge-auth-leftovers', everyMs: 60 * 60_000, run: (ctx) => purgeAuthLeftovers(ctx.db, ctx.clock.now()) },
]

export const createWorker = (ctx: AppContext, pollMs?: number) =>
  new Worker(ctx, { handlers: JOB_HANDLERS, periodic: PERIODIC_TASKS, pollMs })
