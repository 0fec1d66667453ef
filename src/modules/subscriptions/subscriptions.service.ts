import type { AppContext } from '../../context.ts'
import type { Environment } from '../../db/types.ts'
import { AppError, conflict, fieldError, notFound } from '../../lib/errors.ts'
import { pageOf } from '../../lib/paging.ts'
import { parseAmount } from '../../lib/money.ts'
import type { DashboardUser } from '../auth/index.ts'
import { executeCharge, openCharge, subscriptionNow } from './subscription-charges.service.ts'
import { changeStatus, subscriptionView, updateRecorded } from './subscription-state.ts'
import { serializeCharge } from './subscriptions.mapper.ts'
import * as repo from './subscriptions.repository.ts'
import type { SubscriptionStatus } from './subscriptions.table.ts'

// Dashboard operations on subscriptions. A subscription starts `incomplete`: the customer pays the
// first charge (or, with a trial, saves the card) on the billing page its checkout_url names.

const actorOf = (user: DashboardUser) => `user:${user.userId}`

async function load(ctx: AppContext, user: DashboardUser, id: string, environment: Environment | null = null) {
  const s = await repo.findSubscription(ctx.db, { organizationId: user.organizationId, environment }, id)
  if (!s) throw notFound('Subscription')
  return s
}

export async function getSubscription(
  ctx: AppContext,
  user: DashboardUser,
  id: string,
  environment: Environment | null,
) {
  const s = await load(ctx, user, id, environment)
  const charges = await repo.listCharges(ctx.db, s.id)
  return { ...(await subscriptionView(ctx, ctx.db, s)), charges: charges.map(serializeCharge) }
}

export async function listSubscriptionsFor(
  ctx: AppContext,
  user: DashboardUser,
  environment: Environment | null,
  query: { page?: number; page_size?: number; status?: SubscriptionStatus; customer?: string; product_id?: string },
) {
  const { rows, total } = await repo.listSubscriptions(
    ctx.db,
    { organizationId: user.organizationId, environment },
    { status: query.status, customer: query.customer, productPublicId: query.product_id },
    pageOf(query),
  )
  return { total, items: await Promise.all(rows.map((s) => subscriptionView(ctx, ctx.db, s))) }
}

const ENDED: SubscriptionStatus[] = ['canceled', 'ended', 'incomplete_expired']

/** Runs `apply` on the locked subscription and answers its new view. */
async function mutate(
  ctx: AppContext,
  user: DashboardUser,
  id: string,
  apply: (trx: typeof ctx.db, s: repo.LockedRow, now: Date) => Promise<unknown>,
  environment: Environment | null = null,
) {
  const found = await load(ctx, user, id, environment)
  await ctx.db.transaction().execute(async (trx) => {
    const s = await repo.lockSubscription(trx, found.id)
    await apply(trx, s, await subscriptionNow(ctx, trx, s))
  })
  return getSubscription(ctx, user, id, environment)
}

export function cancelSubscription(
  ctx: AppContext,
  user: DashboardUser,
  id: string,
  atPeriodEnd: boolean,
  env: Environment | null,
) {
  return mutate(
    ctx,
    user,
    id,
    async (trx, s, now) => {
      if (ENDED.includes(s.status)) throw conflict('subscription_ended', `This subscription is already ${s.status}.`)
      const change = { actor: actorOf(user), reason: atPeriodEnd ? 'cancel_at_period_end' : 'canceled', now }
      if (atPeriodEnd && (s.status === 'active' || s.status === 'trialing'))
        await updateRecorded(ctx, trx, s, change, { cancel_at_period_end: true })
      else await changeStatus(ctx, trx, s, 'canceled', change, { canceled_at: now, next_retry_at: null })
    },
    env,
  )
}

export function resumeSubscription(ctx: AppContext, user: DashboardUser, id: string, env: Environment | null) {
  return mutate(
    ctx,
    user,
    id,
    async (trx, s, now) => {
      const change = { actor: actorOf(user), reason: 'resumed', now }
      if (s.status === 'paused') await changeStatus(ctx, trx, s, 'active', change)
      else if (s.cancel_at_period_end) await updateRecorded(ctx, trx, s, change, { cancel_at_period_end: false })
      else
        throw conflict('subscription_not_resumable', 'Only a paused subscription or a pending cancel can be resumed.')
    },
    env,
  )
}

export function pauseSubscription(ctx: AppContext, user: DashboardUser, id: string, env: Environment | null) {
  return mutate(
    ctx,
    user,
    id,
    async (trx, s, now) => {
      if (s.status !== 'active' && s.status !== 'past_due')
        throw conflict('subscription_not_pausable', `A ${s.status} subscription cannot be paused.`)
      await changeStatus(
        ctx,
        trx,
        s,
        'paused',
        { actor: actorOf(user), reason: 'paused', now },
        { next_retry_at: null },
      )
    },
    env,
  )
}

export async function deleteSubscription(ctx: AppContext, user: DashboardUser, id: string, env: Environment | null) {
  const found = await load(ctx, user, id, env)
  await ctx.db.transaction().execute(async (trx) => {
    const s = await repo.lockSubscription(trx, found.id)
    if ((await repo.countCharges(trx, s.id)) > 0)
      throw conflict('subscription_has_charges', 'This subscription has charges; cancel it instead of deleting it.')
    const now = await subscriptionNow(ctx, trx, s)
    await repo.updateSubscription(trx, s.id, { archived_at: now, updated_at: now })
    await repo.insertChange(trx, {
      subscription_id: s.id,
      actor: actorOf(user),
      reason: 'archived',
      from_status: s.status,
      to_status: s.status,
      created_at: now,
    })
  })
}

export async function listSubscriptionCharges(
  ctx: AppContext,
  user: DashboardUser,
  id: string,
  env: Environment | null,
) {
  const s = await load(ctx, user, id, env)
  const rows = await repo.listCharges(ctx.db, s.id)
  return { items: rows.map(serializeCharge), total: rows.length }
}

/** POST …/charges/: a manual charge of `amount`, or the open failed charge retried now. */
export async function createSubscriptionCharge(
  ctx: AppContext,
  user: DashboardUser,
  id: string,
  input: { kind: 'manual' | 'retry'; amount?: string; reason?: string },
  env: Environment | null,
) {
  const found = await load(ctx, user, id, env)
  const now = await subscriptionNow(ctx, ctx.db, found)
  let spec: Parameters<typeof openCharge>[2]
  if (input.kind === 'manual') {
    const amount = parseAmount(input.amount)
    if (input.amount === undefined) throw fieldError('amount', 'This field is required for a manual charge.')
    if (!amount.ok) throw fieldError('amount', `Amount ${amount.reason}.`)
    if (found.status !== 'active' && found.status !== 'past_due' && found.status !== 'trialing')
      throw conflict('subscription_not_chargeable', `A ${found.status} subscription cannot be charged.`)
    const attempt = (await repo.countCharges(ctx.db, found.id, { kind: 'manual' })) + 1
    spec = {
      kind: 'manual',
      periodIndex: found.current_period_index,
      attempt,
      amountMinor: amount.minor,
      name: input.reason?.trim() || `${found.product_name} (manual charge)`,
    }
  } else {
    if (found.status !== 'past_due')
      throw conflict('no_failed_charge', 'Only a past_due subscription has a failed charge to retry.')
    // Every concurrent "charge now" computes the same attempt number: the uniqueness rule admits one.
    const attempt =
      (await repo.countCharges(ctx.db, found.id, { periodIndex: found.current_period_index, kind: 'retry' })) + 1
    spec = { kind: 'retry', periodIndex: found.current_period_index, attempt }
  }
  const { tx, created } = await openCharge(ctx, found.id, spec, now)
  if (created) await executeCharge(ctx, tx, now)
  const row = await repo.findChargeById(ctx.db, tx.id)
  return serializeCharge(row)
}

export const assertSandbox = (environment: Environment) => {
  if (environment !== 'sandbox') throw new AppError('sandbox_only', 'Test clocks are for sandbox only.')
}
