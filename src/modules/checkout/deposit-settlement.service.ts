import type { AppContext } from '../../context.ts'
import { onDepositSettled, findTransactionById, lockTransaction } from '../payments/index.ts'
import { getProcessor } from '../provider/index.ts'
import { findPendingDepositIds } from './hosted-checkout.repository.ts'
import { settlePendingDeposit } from './processor-payments.repository.ts'

export type SettleOutcome = 'settled' | 'not_yet' | 'nothing_to_do'

/**
 * Settles a pending deposit once the provider says the funds arrived: deposit_status → succeeded and the
 * ledger's onDepositSettled, in one transaction, compare-and-set on `pending` so a job and a sweep
 * racing each other settle it once. The provider is asked before the transaction opens.
 */
export async function settleDeposit(ctx: AppContext, transactionId: number): Promise<SettleOutcome> {
  const tx = await findTransactionById(ctx.db, transactionId)
  if (!tx || tx.deposit_status !== 'pending' || !tx.provider_payment_id) return 'nothing_to_do'
  // A hosted-page processor's deposit settles through its own reads and webhooks (processor-sync.service.ts).
  if (tx.provider === 'inflow') return 'nothing_to_do'
  const read = await getProcessor(ctx, tx.environment).readPayment({ providerPaymentId: tx.provider_payment_id })
  const settled = read.depositStatus === 'succeeded'
  if (!settled) return 'not_yet'
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await lockTransaction(trx, transactionId)
    if (!locked || locked.deposit_status !== 'pending') return 'nothing_to_do'
    const updated = await settlePendingDeposit(trx, transactionId, ctx.clock.now())
    if (!updated) return 'nothing_to_do'
    await onDepositSettled(trx, updated)
    return 'settled'
  })
}

/** Job handler: the job runs when the deposit is due; "not yet" retries with the runner's backoff. */
export async function settleDepositJob(ctx: AppContext, payload: Record<string, unknown>): Promise<void> {
  const outcome = await settleDeposit(ctx, Number(payload.transaction_id))
  if (outcome === 'not_yet') throw new Error('deposit not settled at the provider yet')
}

/** Periodic safety net: asks the provider about every pending deposit (a lost job, a clock skew). */
export async function settleDueDeposits(ctx: AppContext, batch = 100): Promise<number> {
  let settled = 0
  for (const id of await findPendingDepositIds(ctx.db, batch)) {
    if ((await settleDeposit(ctx, id)) === 'settled') settled++
  }
  return settled
}
