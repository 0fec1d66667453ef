import type { Updateable } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { Database } from '../../db/database.ts'
import { insertEvent } from '../events/index.ts'
import { customerCreditBalance } from '../ledger/index.ts'
import { serializeSubscription, type SubscriptionRow } from './subscriptions.mapper.ts'
import * as repo from './subscriptions.repository.ts'
import { findClockById } from './test-clocks.repository.ts'
import type { SubscriptionStatus, SubscriptionsTable } from './subscriptions.table.ts'

// Every change of a subscription is recorded (who, why, from, to, when) and announced by a webhook,
// in the transaction that makes it. Status changes are compare-and-set on the locked row.

export const billingUrl = (ctx: AppContext, token: string) => `${ctx.config.publicUrl}/billing/${token}`

/** The customer's credit account (in the ledger) a subscription spends from and credits to. */
export const creditAccountOf = (s: SubscriptionRow) => ({
  scope: { organizationId: s.organization_id, environment: s.environment },
  customerId: s.customer_id,
  currency: s.currency,
})

export interface Change {
  actor: string
  reason: string
  now: Date
}

export async function subscriptionView(ctx: AppContext, db: Database, s: SubscriptionRow) {
  const [customer, product, clock, creditBalanceMinor] = await Promise.all([
    repo.findCustomer(db, s.customer_id),
    repo.findProductPublicId(db, s.product_id),
    s.test_clock_id === null ? Promise.resolve(null) : findClockById(db, s.test_clock_id),
    customerCreditBalance(db, creditAccountOf(s)),
  ])
  return serializeSubscription(s, {
    customer,
    productPublicId: product.public_id,
    clockPublicId: clock?.public_id ?? null,
    billingUrl: billingUrl(ctx, s.billing_token),
    creditBalanceMinor,
  })
}

async function emit(
  ctx: AppContext,
  db: Database,
  s: SubscriptionRow,
  type: 'subscription.status_changed' | 'subscription.updated' | 'subscription.trial_will_end',
  extra: Record<string, unknown>,
  now: Date,
) {
  await insertEvent(db, {
    organizationId: s.organization_id,
    environment: s.environment,
    type,
    subjectId: s.public_id,
    payload: {
      subscription: await subscriptionView(ctx, db, s),
      ...extra,
      occurred_at: now.toISOString(),
    } as never,
  })
}

/** Moves a locked subscription to `to` (with other column changes), records it and emits the webhook. */
export async function changeStatus(
  ctx: AppContext,
  db: Database,
  s: SubscriptionRow,
  to: SubscriptionStatus,
  change: Change,
  patch: Updateable<SubscriptionsTable> = {},
): Promise<SubscriptionRow> {
  const updated = await repo.updateSubscription(db, s.id, { ...patch, status: to, updated_at: change.now })
  await repo.insertChange(db, {
    subscription_id: s.id,
    actor: change.actor,
    reason: change.reason,
    from_status: s.status,
    to_status: to,
    detail: JSON.stringify(patch),
    created_at: change.now,
  })
  if (s.status !== to)
    await emit(ctx, db, updated, 'subscription.status_changed', { previous_status: s.status }, change.now)
  else await emit(ctx, db, updated, 'subscription.updated', {}, change.now)
  return updated
}

/** A change that keeps the status (plan, quantity, metadata, cancel flag): recorded and `subscription.updated`. */
export async function updateRecorded(
  ctx: AppContext,
  db: Database,
  s: SubscriptionRow,
  change: Change,
  patch: Updateable<SubscriptionsTable>,
): Promise<SubscriptionRow> {
  return changeStatus(ctx, db, s, s.status, change, patch)
}

export async function emitTrialWillEnd(ctx: AppContext, db: Database, s: SubscriptionRow, now: Date) {
  const updated = await repo.updateSubscription(db, s.id, { trial_will_end_sent: true })
  await emit(ctx, db, updated, 'subscription.trial_will_end', { trial_end: s.trial_end?.toISOString() ?? null }, now)
}
