import type { AppContext } from '../../context.ts'
import { periodBoundary } from '../../lib/billing-periods.ts'
import { validateCard } from '../../lib/card.ts'
import { AppError, conflict, notFound, validationError } from '../../lib/errors.ts'
import { savedCardProcessor } from '../provider/index.ts'
import { consumeLinkUse, reserveLinkUse } from '../payment-links/index.ts'
import { executeCharge, openCharge, subscriptionNow } from './subscription-charges.service.ts'
import { changeStatus, subscriptionView, updateRecorded } from './subscription-state.ts'
import { serializeCharge } from './subscriptions.mapper.ts'
import * as repo from './subscriptions.repository.ts'

// The customer's billing page (/billing/{token}): the first payment (or, with a trial, the saved card),
// a card replacement (which retries a past_due charge at once), and cancel at period end. The card
// goes to the processor only; Kassa keeps its token and summary.

export async function billingView(ctx: AppContext, token: string) {
  const s = await repo.findSubscriptionByToken(ctx.db, token)
  if (!s) throw notFound('Subscription')
  const charges = await repo.listCharges(ctx.db, s.id)
  const org = await repo.findOrgBillingSettings(ctx.db, s.organization_id)
  return {
    row: s,
    merchant: org.name,
    view: await subscriptionView(ctx, ctx.db, s),
    charges: charges.map(serializeCharge),
  }
}

export async function submitCard(
  ctx: AppContext,
  token: string,
  input: { number: string; expiry: string; cvc: string; name?: string },
) {
  const s = await repo.findSubscriptionByToken(ctx.db, token)
  if (!s) throw notFound('Subscription')
  if (['canceled', 'ended', 'incomplete_expired'].includes(s.status))
    throw conflict('subscription_ended', `This subscription is ${s.status}.`)
  const now = await subscriptionNow(ctx, ctx.db, s)
  const { errors, card } = validateCard({ ...input, name: input.name ?? '' }, now)
  if (!card)
    throw validationError(Object.fromEntries(Object.entries(errors).map(([f, m]) => [`card.${f}`, [m as string]])))
  const customer = await repo.findCustomer(ctx.db, s.customer_id)
  const saved = await savedCardProcessor(ctx, s.environment).savePaymentMethod({
    card: {
      number: card.number,
      expMonth: card.expMonth,
      expYear: card.expYear,
      cvc: card.cvc,
      name: card.name || `${customer.first_name} ${customer.last_name}`,
    },
    customerReference: customer.public_id,
  })
  if (saved.outcome === 'declined') throw new AppError('card_declined', saved.message)
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockSubscription(trx, s.id)
    await repo.updateCustomer(trx, customer.id, {
      payment_method_token: saved.paymentMethodId,
      card_brand: saved.card.brand,
      card_last4: saved.card.last4,
      card_exp_month: saved.card.expMonth,
      card_exp_year: saved.card.expYear,
      updated_at: now,
    })
    const change = { actor: `customer:${customer.public_id}`, now }
    if (locked.status === 'incomplete' && locked.trial_days !== null) {
      // A trial started from a payment link uses the link now: no first payment will count it.
      if (locked.payment_link_id !== null) {
        await reserveLinkUse(trx, locked.payment_link_id, 0, now)
        await consumeLinkUse(trx, locked.payment_link_id, now)
      }
      const org = await repo.findOrgBillingSettings(trx, locked.organization_id)
      const trialEnd = periodBoundary(now, { interval: 'day', intervalCount: locked.trial_days }, 1, org.timezone)
      await changeStatus(
        ctx,
        trx,
        locked,
        'trialing',
        { ...change, reason: 'trial_started' },
        {
          billing_anchor: trialEnd,
          trial_end: trialEnd,
          current_period_index: 0,
          current_period_start: now,
          current_period_end: trialEnd,
        },
      )
      return 'saved' as const
    }
    if (locked.status === 'incomplete') return 'initial' as const
    if (locked.status === 'past_due') {
      await updateRecorded(ctx, trx, locked, { ...change, reason: 'card_updated' }, { hard_declined: false })
      return 'retry' as const
    }
    await updateRecorded(ctx, trx, locked, { ...change, reason: 'card_updated' }, {})
    return 'saved' as const
  })
  if (outcome === 'initial') {
    const attempt = (await repo.countCharges(ctx.db, s.id, { kind: 'initial' })) + 1
    const { tx, created } = await openCharge(ctx, s.id, { kind: 'initial', periodIndex: 0, attempt }, now)
    if (!created) throw conflict('attempt_in_progress', 'A payment for this subscription is already in progress.')
    const result = await executeCharge(ctx, tx, now, {
      number: card.number,
      expMonth: card.expMonth,
      expYear: card.expYear,
      cvc: card.cvc,
      name: card.name || `${customer.first_name} ${customer.last_name}`,
    })
    if (result !== 'succeeded') throw new AppError('card_declined', 'Your card was declined.')
  }
  if (outcome === 'retry') {
    const fresh = await repo.findSubscriptionById(ctx.db, s.id)
    const attempt =
      (await repo.countCharges(ctx.db, s.id, { periodIndex: fresh.current_period_index, kind: 'retry' })) + 1
    const { tx, created } = await openCharge(
      ctx,
      s.id,
      { kind: 'retry', periodIndex: fresh.current_period_index, attempt },
      now,
    )
    if (created) await executeCharge(ctx, tx, now)
  }
  return billingView(ctx, token)
}

export async function cancelFromBillingPage(ctx: AppContext, token: string) {
  const s = await repo.findSubscriptionByToken(ctx.db, token)
  if (!s) throw notFound('Subscription')
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockSubscription(trx, s.id)
    if (locked.status !== 'active' && locked.status !== 'trialing')
      throw conflict('subscription_not_cancelable', `A ${locked.status} subscription cannot be canceled here.`)
    const now = await subscriptionNow(ctx, trx, locked)
    await updateRecorded(
      ctx,
      trx,
      locked,
      { actor: 'customer', reason: 'cancel_at_period_end', now },
      { cancel_at_period_end: true },
    )
  })
  return billingView(ctx, token)
}
