import type { AppContext } from '../../context.ts'
import type { Environment } from '../../db/types.ts'
import { notFound } from '../../lib/errors.ts'
import { pageOf } from '../../lib/paging.ts'
import type { DashboardUser } from '../auth/index.ts'
import { customerCreditBalances } from '../ledger/index.ts'
import { formatMinor } from '../../lib/money.ts'
import * as customers from './customers.repository.ts'
import { subscriptionView } from './subscription-state.ts'
import { type CustomerRow, serializeCharge, serializeCustomer } from './subscriptions.mapper.ts'
import * as repo from './subscriptions.repository.ts'

// Dashboard reads of customers (made by subscriptions) and of a subscription's change history.

/** A customer page shows this many of its newest charges; the subscription pages list the rest. */
const CUSTOMER_PAYMENTS_LIMIT = 100

function customerView(c: CustomerRow, subscriptionCount: number) {
  return {
    ...serializeCustomer(c),
    environment: c.environment,
    subscription_count: subscriptionCount,
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
  }
}

export async function listCustomersFor(
  ctx: AppContext,
  user: DashboardUser,
  environment: Environment,
  query: { page?: number; page_size?: number; search?: string },
) {
  const scope = { organizationId: user.organizationId, environment }
  const { rows, total } = await customers.listCustomers(ctx.db, scope, query.search, pageOf(query))
  return { total, items: rows.map(({ subscription_count, ...c }) => customerView(c, Number(subscription_count ?? 0))) }
}

export async function getCustomer(ctx: AppContext, user: DashboardUser, id: string, environment: Environment) {
  const scope = { organizationId: user.organizationId, environment }
  const c = await customers.findCustomerByPublicId(ctx.db, scope, id)
  if (!c) throw notFound('Customer')
  const subscriptions = await customers.listCustomerSubscriptions(ctx.db, c.id)
  const charges = await customers.listChargesOf(
    ctx.db,
    subscriptions.map((s) => s.id),
    CUSTOMER_PAYMENTS_LIMIT,
  )
  return {
    ...customerView(c, subscriptions.length),
    subscriptions: await Promise.all(subscriptions.map((s) => subscriptionView(ctx, ctx.db, s))),
    payments: charges.map(({ subscription_public_id, ...tx }) => ({
      ...serializeCharge(tx),
      subscription_id: subscription_public_id,
    })),
    credit_balances: (await customerCreditBalances(ctx.db, c.id)).map((b) => ({
      currency: b.currency,
      amount: formatMinor(b.amountMinor),
    })),
  }
}

const userIdOf = (actor: string) => (/^user:(\d+)$/.exec(actor) ? Number(actor.slice(5)) : null)

/** Who changed what and why, oldest first: each status change and recorded update of the subscription. */
export async function listSubscriptionHistory(
  ctx: AppContext,
  user: DashboardUser,
  id: string,
  environment: Environment | null,
) {
  const s = await repo.findSubscription(ctx.db, { organizationId: user.organizationId, environment }, id)
  if (!s) throw notFound('Subscription')
  const changes = await repo.listChanges(ctx.db, s.id)
  const userIds = [...new Set(changes.map((h) => userIdOf(h.actor)).filter((u): u is number => u !== null))]
  const emails = new Map(
    (await customers.findUserEmails(ctx.db, user.organizationId, userIds)).map((u) => [u.id, u.email]),
  )
  return changes.map((h) => {
    const userId = userIdOf(h.actor)
    return {
      id: h.id,
      actor: h.actor,
      actor_email: userId === null ? null : (emails.get(userId) ?? null),
      reason: h.reason,
      from_status: h.from_status,
      to_status: h.to_status,
      created_at: h.created_at.toISOString(),
    }
  })
}
