import type { AppContext } from '../../context.ts'
import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/types.ts'
import { conflict, fieldError, notFound } from '../../lib/errors.ts'
import { formatMinor } from '../../lib/money.ts'
import { prorate } from '../../lib/proration.ts'
import type { DashboardUser } from '../auth/index.ts'
import { customerCreditBalance, lockCustomerCredit, postCustomerCredit } from '../ledger/index.ts'
import { executeCharge, openChargeLocked, subscriptionNow } from './subscription-charges.service.ts'
import { creditAccountOf, updateRecorded } from './subscription-state.ts'
import type { SubscriptionRow } from './subscriptions.mapper.ts'
import * as repo from './subscriptions.repository.ts'

// Plan changes (PATCH) and their preview. One function computes both, so the preview is exactly the
// charge (and credit) the change makes. Amounts are before tax; tax is added to a charge as for checkout.

export interface ChangeInput {
  product_id?: string
  quantity?: number
  metadata?: Record<string, string>
  proration_behavior?: 'create_prorations' | 'none'
}

/** What has been paid (before tax) for the current period: its paid charges' subtotals. */
const paidForPeriod = (db: Database, s: SubscriptionRow) => repo.sumPaidForPeriod(db, s.id, s.current_period_index)

/** `balance`: the customer's credit (ledger) in the subscription's currency before the change. */
async function plan(db: Database, s: SubscriptionRow, input: ChangeInput, now: Date, balance: number) {
  if (!['active', 'trialing', 'past_due'].includes(s.status))
    throw conflict('subscription_not_changeable', `A ${s.status} subscription cannot change plan.`)
  let unit = s.unit_amount_minor
  let product = { id: s.product_id, name: s.product_name, priceId: s.price_id }
  if (input.product_id !== undefined) {
    const found = await repo.findProductWithPrice(db, s.organization_id, input.product_id, s.currency)
    if (!found || found.status !== 'active') throw fieldError('product_id', `Unknown product "${input.product_id}".`)
    if (found.amount_minor === null || found.amount_minor === undefined)
      throw fieldError('product_id', `Product "${input.product_id}" has no ${s.currency} price.`)
    if (
      found.recurring_interval !== s.recurring_interval ||
      (found.recurring_interval_count ?? 1) !== s.recurring_interval_count
    )
      throw fieldError('product_id', 'The new plan must bill on the same cadence as the current one.')
    unit = found.amount_minor
    product = { id: found.id, name: found.name, priceId: found.price_id }
  }
  const quantity = input.quantity ?? s.quantity
  const oldAmount = s.unit_amount_minor * s.quantity
  const newAmount = unit * quantity
  const prorations = (input.proration_behavior ?? 'create_prorations') === 'create_prorations'
  const billable = s.status !== 'trialing' && s.current_period_start && s.current_period_end
  const result =
    prorations && billable && oldAmount !== newAmount
      ? prorate({
          period: { start: s.current_period_start as Date, end: s.current_period_end as Date },
          changeAt: now,
          oldAmount,
          newAmount,
          paidForPeriod: await paidForPeriod(db, s),
          creditedForPeriod: s.credited_for_period_minor,
        })
      : { lines: [], total: 0 }
  const credit = -result.lines.filter((l) => l.amount < 0).reduce((sum, l) => sum + l.amount, 0)
  // A credit pays first for the charge; what is left goes to the credit balance for the next charges.
  const granted = Math.max(0, -result.total)
  const due = Math.max(0, result.total)
  const fromBalance = Math.min(due, balance)
  const balanceAfter = balance + granted - fromBalance
  return {
    unit,
    quantity,
    product,
    credit,
    preview: {
      currency: s.currency,
      proration_date: now.toISOString(),
      lines: result.lines.map((l) => ({
        kind: l.kind,
        amount: formatMinor(l.amount),
        from: l.from.toISOString(),
        to: l.to.toISOString(),
      })),
      total: formatMinor(result.total),
      credit_applied: formatMinor(fromBalance),
      amount_due: formatMinor(due - fromBalance),
      credit_balance_after: formatMinor(balanceAfter),
    },
    dueMinor: due - fromBalance,
    granted,
    fromBalance,
  }
}

async function load(ctx: AppContext, user: DashboardUser, id: string, env: Environment | null) {
  const s = await repo.findSubscription(ctx.db, { organizationId: user.organizationId, environment: env }, id)
  if (!s) throw notFound('Subscription')
  return s
}

export async function previewChange(
  ctx: AppContext,
  user: DashboardUser,
  id: string,
  input: ChangeInput,
  env: Environment | null,
) {
  const s = await load(ctx, user, id, env)
  const balance = await customerCreditBalance(ctx.db, creditAccountOf(s))
  return (await plan(ctx.db, s, input, await subscriptionNow(ctx, ctx.db, s), balance)).preview
}

/** PATCH: the change takes effect now; with prorations the charge is made at once (after commit). */
export async function applyChange(
  ctx: AppContext,
  user: DashboardUser,
  id: string,
  input: ChangeInput,
  env: Environment | null,
) {
  const found = await load(ctx, user, id, env)
  const now = await subscriptionNow(ctx, ctx.db, found)
  const charge = await ctx.db.transaction().execute(async (trx) => {
    const s = await repo.lockSubscription(trx, found.id)
    // The customer's credit account is locked before its balance is read: no two changes spend it twice.
    const account = creditAccountOf(s)
    const planned = await plan(trx, s, input, now, await lockCustomerCredit(trx, account))
    // The credit moves in the ledger in this transaction, once per recorded change (its sequence number).
    const key = `subscription:${s.id}:change:${(await repo.countChanges(trx, s.id)) + 1}`
    const memo = `plan change of ${s.public_id}`
    await postCustomerCredit(trx, {
      ...account,
      kind: 'credit_granted',
      key: `${key}:credit_granted`,
      amountMinor: planned.granted,
      memo,
    })
    await postCustomerCredit(trx, {
      ...account,
      kind: 'credit_applied',
      key: `${key}:credit_applied`,
      amountMinor: planned.fromBalance,
      memo,
    })
    const updated = await updateRecorded(
      ctx,
      trx,
      s,
      { actor: `user:${user.userId}`, reason: 'plan_changed', now },
      {
        product_id: planned.product.id,
        price_id: planned.product.priceId,
        product_name: planned.product.name,
        unit_amount_minor: planned.unit,
        quantity: planned.quantity,
        credited_for_period_minor: s.credited_for_period_minor + planned.credit,
        ...(input.metadata === undefined ? {} : { metadata: JSON.stringify(input.metadata) }),
      },
    )
    if (planned.dueMinor <= 0) return null
    const attempt = (await repo.countCharges(trx, s.id, { kind: 'proration' })) + 1
    return openChargeLocked(
      ctx,
      trx,
      updated,
      {
        kind: 'proration',
        periodIndex: s.current_period_index,
        attempt,
        amountMinor: planned.dueMinor,
        name: `${planned.product.name} (proration)`,
      },
      now,
    )
  })
  if (charge) await executeCharge(ctx, charge, now)
}
