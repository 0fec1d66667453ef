import type { AppContext } from '../../src/context.ts'
import {
  onDepositSettled,
  onPaymentSucceeded,
  transitionPayment,
  lockTransaction,
} from '../../src/modules/payments/index.ts'
import { registerProvider, type PaymentProvider, type RefundResult } from '../../src/modules/provider/index.ts'
// Drives a payment the way the hosted-checkout lifecycle does: the status change and its ledger
// postings in one DB transaction.

async function txIdOf(ctx: AppContext, publicId: string): Promise<number> {
  const row = await ctx.db.selectFrom('transactions').select('id').where('public_id', '=', publicId).executeTakeFirst()
  if (!row) throw new Error(`no payment ${publicId}`)
  return row.id
}

/** processing → paid; with `settled` the deposit settles in the same transaction (funds available at once). */
export async function payPayment(ctx: AppContext, publicId: string, options: { settled?: boolean } = {}) {
  const id = await txIdOf(ctx, publicId)
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (trx) => {
    const tx = await lockTransaction(trx, id)
    const paid = await transitionPayment(
      trx,
      tx!,
      'paid',
      {
        paid_at: now,
        provider_payment_id: `sim_${publicId}`,
        deposit_status: options.settled ? 'succeeded' : 'pending',
        deposit_settled_at: options.settled ? now : null,
        card_brand: 'visa',
        card_last4: '4242',
      },
      now,
    )
    if (!paid) throw new Error(`payment ${publicId} was not processing`)
    await onPaymentSucceeded(trx, paid)
    if (options.settled) await onDepositSettled(trx, paid)
    return paid
  })
}

/** The provider reports the deposit settled. Deliberately no compare-and-set: the ledger must credit once anyway. */
export async function settleDeposit(ctx: AppContext, publicId: string, db = ctx.db) {
  const id = await txIdOf(ctx, publicId)
  const now = ctx.clock.now()
  await db.transaction().execute(async (trx) => {
    const tx = await trx
      .updateTable('transactions')
      .set({ deposit_status: 'succeeded', deposit_settled_at: now, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await onDepositSettled(trx, tx)
  })
}

/**
 * A test provider registered under its own name (tests run production keys with PRODUCTION_PROVIDER=test-fake),
 * so it never collides with the sandbox simulator. Refund outcomes are scripted per provider payment id.
 */
export const FAKE_PROVIDER = 'test-fake'
export const scriptedRefunds = new Map<string, RefundResult['status'] | 'error'>()
export const providerRefundCalls: { providerPaymentId: string; amountMinor: number; reference: string }[] = []

const fake: PaymentProvider = {
  name: FAKE_PROVIDER,
  confirmCard: async () => {
    throw new Error('not used')
  },
  completeChallenge: async () => {
    throw new Error('not used')
  },
  depositSettled: async () => true,
  refund: async (input) => {
    providerRefundCalls.push({
      providerPaymentId: input.providerPaymentId,
      amountMinor: input.amountMinor,
      reference: input.reference,
    })
    const outcome = scriptedRefunds.get(input.providerPaymentId) ?? 'completed'
    if (outcome === 'error') throw new Error('provider unreachable')
    if (outcome === 'completed') return { status: 'completed', providerRefundId: `re_${input.reference}` }
    return {
      status: outcome,
      providerRefundId: null,
      message: outcome === 'failed' ? 'Refund failed at the card network.' : 'Refund rejected by the provider.',
    }
  },
}
registerProvider(FAKE_PROVIDER, () => fake)
export const FAKE_PROVIDER_ENV = { PRODUCTION_PROVIDER: FAKE_PROVIDER, REFUND_DELAY_MS: '0' }
