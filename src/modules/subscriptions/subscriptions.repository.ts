import type { Insertable, Updateable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/types.ts'
import type {
  ChargeKind,
  CustomersTable,
  SubscriptionChangesTable,
  SubscriptionStatus,
  SubscriptionsTable,
} from './subscriptions.table.ts'

// SQL of subscriptions, their customers and change history. Tenant reads take organization AND environment.

export interface TenantScope {
  organizationId: number
  environment: Environment
}

export function findCustomerByEmail(db: Database, scope: TenantScope, email: string) {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .orderBy('id')
    .executeTakeFirst()
}

export function insertCustomer(db: Database, row: Insertable<CustomersTable>) {
  return db.insertInto('customers').values(row).returningAll().executeTakeFirstOrThrow()
}

export function updateCustomer(db: Database, id: number, patch: Updateable<CustomersTable>) {
  return db.updateTable('customers').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
}

export function findCustomer(db: Database, id: number) {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

export function insertSubscription(db: Database, row: Insertable<SubscriptionsTable>) {
  return db.insertInto('subscriptions').values(row).returningAll().executeTakeFirstOrThrow()
}

export function findSubscription(
  db: Database,
  scope: { organizationId: number; environment: Environment | null },
  publicId: string,
) {
  let query = db
    .selectFrom('subscriptions')
    .selectAll()
    .where('organization_id', '=', scope.organizationId)
    .where('public_id', '=', publicId)
    .where('archived_at', 'is', null)
  if (scope.environment) query = query.where('environment', '=', scope.environment)
  return query.executeTakeFirst()
}

export function findSubscriptionByToken(db: Database, token: string) {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('billing_token', '=', token)
    .where('archived_at', 'is', null)
    .executeTakeFirst()
}

export function findSubscriptionById(db: Database, id: number) {
  return db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

export function lockSubscription(db: Database, id: number) {
  return db.selectFrom('subscriptions').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow()
}

export function updateSubscription(db: Database, id: number, patch: Updateable<SubscriptionsTable>) {
  return db.updateTable('subscriptions').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
}

export async function insertChange(db: Database, row: Insertable<SubscriptionChangesTable>) {
  await db.insertInto('subscription_changes').values(row).execute()
}

export async function countChanges(db: Database, subscriptionId: number): Promise<number> {
  const row = await db
    .selectFrom('subscription_changes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('subscription_id', '=', subscriptionId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function listChanges(db: Database, subscriptionId: number) {
  return db
    .selectFrom('subscription_changes')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .orderBy('id')
    .execute()
}

export interface SubscriptionFilter {
  status?: SubscriptionStatus
  customer?: string
  productPublicId?: string
}

export async function listSubscriptions(
  db: Database,
  scope: { organizationId: number; environment: Environment | null },
  filter: SubscriptionFilter,
  page: { limit: number; offset: number },
) {
  let base = db
    .selectFrom('subscriptions as s')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .where('s.organization_id', '=', scope.organizationId)
    .where('s.archived_at', 'is', null)
  if (scope.environment) base = base.where('s.environment', '=', scope.environment)
  if (filter.status) base = base.where('s.status', '=', filter.status)
  if (filter.customer) base = base.where((eb) => eb(eb.fn('lower', ['c.email']), '=', filter.customer?.toLowerCase()))
  if (filter.productPublicId) base = base.where('p.public_id', '=', filter.productPublicId)
  const [rows, count] = await Promise.all([
    base.selectAll('s').orderBy('s.id', 'desc').limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

/** The subscription's charges (its payments), newest first. */
export function listCharges(db: Database, subscriptionId: number) {
  return db
    .selectFrom('transactions')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .orderBy('id', 'desc')
    .execute()
}

export function findChargeById(db: Database, id: number) {
  return db.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

export function findChargeByPublicId(db: Database, publicId: string) {
  return db.selectFrom('transactions').selectAll().where('public_id', '=', publicId).executeTakeFirstOrThrow()
}

const PRORATED_KINDS = ['initial', 'renewal', 'retry', 'proration'] as const

/** The subtotals (before tax) of a period's paid charges that a proration counts. */
export async function sumPaidForPeriod(db: Database, subscriptionId: number, periodIndex: number): Promise<number> {
  const row = await db
    .selectFrom('transactions as t')
    .innerJoin('checkout_sessions as c', 'c.id', 't.checkout_session_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('c.subtotal_minor'), eb.lit(0)).as('paid'))
    .where('t.subscription_id', '=', subscriptionId)
    .where('t.period_index', '=', periodIndex)
    .where('t.charge_kind', 'in', PRORATED_KINDS)
    .where('t.status', 'in', ['paid', 'partially_refunded', 'refund_pending'])
    .executeTakeFirstOrThrow()
  return Number(row.paid)
}

export function findCharge(
  db: Database,
  subscriptionId: number,
  periodIndex: number,
  kind: ChargeKind,
  attempt: number,
) {
  return db
    .selectFrom('transactions')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('period_index', '=', periodIndex)
    .where('charge_kind', '=', kind)
    .where('charge_attempt', '=', attempt)
    .executeTakeFirst()
}

export async function countCharges(
  db: Database,
  subscriptionId: number,
  filter: { periodIndex?: number; kind?: ChargeKind } = {},
) {
  let query = db.selectFrom('transactions').where('subscription_id', '=', subscriptionId)
  if (filter.periodIndex !== undefined) query = query.where('period_index', '=', filter.periodIndex)
  if (filter.kind) query = query.where('charge_kind', '=', filter.kind)
  const row = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

export function findProductWithPrice(db: Database, organizationId: number, publicId: string, currency: string) {
  return db
    .selectFrom('products')
    .leftJoin('product_prices', (join) =>
      join.onRef('product_prices.product_id', '=', 'products.id').on('product_prices.currency', '=', currency),
    )
    .select([
      'products.id',
      'products.public_id',
      'products.name',
      'products.status',
      'product_prices.amount_minor',
      'product_prices.public_id as price_id',
      'product_prices.recurring_interval',
      'product_prices.recurring_interval_count',
      'product_prices.trial_days',
    ])
    .where('products.organization_id', '=', organizationId)
    .where('products.public_id', '=', publicId)
    .executeTakeFirst()
}

export function findClock(db: Database, organizationId: number, publicId: string) {
  return db
    .selectFrom('test_clocks')
    .select('id')
    .where('public_id', '=', publicId)
    .where('organization_id', '=', organizationId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
}

export function findOrgBillingSettings(db: Database, organizationId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'timezone', 'dunning'])
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow()
}

/** Subscriptions with something due at `now` (period end, trial end, retry, expiry); a clock's own, or the wall clock's. */
export function findDueSubscriptionIds(db: Database, now: Date, clockId: number | null, limit: number) {
  let query = db
    .selectFrom('subscriptions')
    .select(['id', 'current_period_end', 'next_retry_at', 'expires_at', 'status'])
    .where('archived_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', 'in', ['trialing', 'active']), eb('current_period_end', '<=', now)]),
        eb.and([eb('status', '=', 'past_due'), eb('next_retry_at', '<=', now)]),
        eb.and([eb('status', '=', 'incomplete'), eb('expires_at', '<=', now)]),
        eb.and([
          eb('status', '=', 'trialing'),
          eb('trial_will_end_sent', '=', false),
          eb('trial_end', '<=', new Date(now.getTime() + 3 * 86_400_000)),
        ]),
      ]),
    )
  query = clockId === null ? query.where('test_clock_id', 'is', null) : query.where('test_clock_id', '=', clockId)
  return query.orderBy('id').limit(limit).execute()
}

/**
 * Subscription charges left `processing` by a lost provider answer (crash between call and record), each
 * with what its read-back needs (subscription's environment and clock, customer's saved card): one query.
 */
export function findStaleChargeContexts(db: Database, before: Date, limit: number) {
  return db
    .selectFrom('transactions as t')
    .innerJoin('checkout_sessions as cs', 'cs.id', 't.checkout_session_id')
    .innerJoin('subscriptions as s', 's.id', 't.subscription_id')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .selectAll('t')
    .select(['s.environment as subscription_environment', 's.test_clock_id', 'c.payment_method_token'])
    .where('t.status', '=', 'processing')
    .where('cs.attempt_lease_until', '<', before)
    .orderBy('t.id')
    .limit(limit)
    .execute()
}

export function findProductPublicId(db: Database, productId: number) {
  return db.selectFrom('products').select('public_id').where('id', '=', productId).executeTakeFirstOrThrow()
}

export type LockedRow = Awaited<ReturnType<typeof lockSubscription>>

/** A charge of `kind` still waiting for the processor's answer. */
export function findOpenCharge(db: Database, subscriptionId: number, kind: ChargeKind) {
  return db
    .selectFrom('transactions')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('charge_kind', '=', kind)
    .where('status', '=', 'processing')
    .orderBy('id', 'desc')
    .executeTakeFirst()
}
