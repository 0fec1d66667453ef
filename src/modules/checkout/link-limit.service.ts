import type { AppContext } from '../../context.ts'
import type { Processor, ScriptedResult } from '../provider/index.ts'
import { cancelLocked } from './checkout-lifecycle.service.ts'
import { findTransactionForSession, lockSession, type SessionView } from './hosted-checkout.repository.ts'

export type RefundingProvider = Pick<Processor, 'name' | 'refund'>

/**
 * The payment succeeded at the provider but its payment link has no use left (only possible when an
 * attempt outlived its 30 s lease and another buyer took the use): refund it and cancel the session.
 */
export async function refuseOverLinkLimit(
  ctx: AppContext,
  view: SessionView,
  reference: string,
  provider: RefundingProvider,
  result: ScriptedResult,
) {
  if (result.outcome === 'succeeded') {
    ctx.log.error(
      { session: view.id, reference },
      'payment link used up while the attempt ran; refunding it at the provider',
    )
    await provider
      .refund({
        providerPaymentId: result.providerPaymentId,
        amountMinor: view.total_minor,
        currency: view.currency,
        reference,
      })
      .catch((err) =>
        ctx.log.error(
          { reference, error: err instanceof Error ? err.message : 'unknown' },
          'compensating refund failed',
        ),
      )
  }
  await ctx.db.transaction().execute(async (trx) => {
    const session = await lockSession(trx, view.id)
    if (session.status !== 'open') return
    await cancelLocked(ctx, trx, { session, tx: await findTransactionForSession(trx, view.id) }, 'payment_link_used_up')
  })
}
