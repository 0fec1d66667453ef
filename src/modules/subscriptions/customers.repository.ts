import type { Database } from '../../db/database.ts'
import type { TenantScope } from './subscriptions.repository.ts'

// SQL of the customers read API and the change history. Every read takes organization AND environment.

/** LIKE-safe: the search text matches literally, `%` and `_` included. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

export async function listCustomers(
  db: Database,
  scope: TenantScope,
  search: string | undefined,
  page: { limit: number; offset: number },
) {
  let base = db
    .selectFrom('customers as c')
    .where('c.organization_id', '=', scope.organizationId)
    .where('c.environment', '=', scope.environment)
  const text = search?.trim()
  if (text)
    base = base.where((eb) =>
      eb.or([
        eb('c.public_id', '=', text),
        eb(eb.fn('lower', ['c.email']), 'like', `%${likeEscape(text.toLowerCase())}%`),
      ]),
    )
  const [rows, count] = await Promise.all([
    base
      .selectAll('c')
      .select((eb) =>
        eb
          .selectFrom('subscriptions as s')
          .whereRef('s.customer_id', '=', 'c.id')
          .where('s.archived_at', 'is', null)
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('subscription_count'),
      )
      .orderBy('c.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

export function findCustomerByPublicId(db: Database, scope: TenantScope, publicId: string) {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
    .where('public_id', '=', publicId)
    .executeTakeFirst()
}

export function listCustomerSubscriptions(db: Database, customerId: number) {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('archived_at', 'is', null)
    .orderBy('id', 'desc')
    .execute()
}

/** The charges of these subscriptions, newest first, bounded (uses transactions_subscription_idx). */
export function listChargesOf(db: Database, subscriptionIds: number[], limit: number) {
  if (subscriptionIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('transactions as t')
    .innerJoin('subscriptions as s', 's.id', 't.subscription_id')
    .selectAll('t')
    .select('s.public_id as subscription_public_id')
    .where('t.subscription_id', 'in', subscriptionIds)
    .orderBy('t.id', 'desc')
    .limit(limit)
    .execute()
}

/** The emails of these dashboard users of the organization (the "who" of a change). */
export function findUserEmails(db: Database, organizationId: number, userIds: number[]) {
  if (userIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', userIds)
    .execute()
}
