import { type SelectQueryBuilder, sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import { countBoundOf, pageOfMatches, searchWeeksOf } from '../../lib/paging.ts'
import type { DB, Environment, PaymentStatus } from '../../db/schema.ts'
import { inSearchWeeks } from '../../db/search-weeks.ts'

// SQL of the dashboard's payment views. Always scoped to one organization; the environment is a
// filter the dashboard chooses (both when it does not).

export interface PaymentScope {
  organizationId: number
  environment: Environment | null
}

export interface PaymentFilter {
  status?: PaymentStatus
  currency?: string
  createdFrom?: Date
  createdTo?: Date
  /** Payment public id or numeric id, order/checkout id, or part of the payer's email. */
  search?: string
  /** Only these payments (a search's matches, found first). */
  ids?: number[]
}

export type PaymentOrder = { column: 't.created_at' | 't.gross_amount_minor'; direction: 'asc' | 'desc' }

function base(db: Database, scope: PaymentScope) {
  let query = db
    .selectFrom('transactions as t')
    .innerJoin('checkout_sessions as s', 's.id', 't.checkout_session_id')
    .leftJoin('payment_links as l', 'l.id', 's.payment_link_id')
    .where('t.organization_id', '=', scope.organizationId)
  if (scope.environment) query = query.where('t.environment', '=', scope.environment)
  return query
}

/** The payments matching the filter, without joins (every payment has exactly one checkout session). */
function matching(db: Database, scope: PaymentScope, filter: PaymentFilter) {
  let query = db.selectFrom('transactions as t').where('t.organization_id', '=', scope.organizationId)
  if (scope.environment) query = query.where('t.environment', '=', scope.environment)
  return narrowed(query, filter)
}

function filtered(db: Database, scope: PaymentScope, filter: PaymentFilter) {
  return narrowed(base(db, scope), filter)
}

// The filters apply to any query over `transactions as t` (with or without its joins).
function narrowed<Q extends SelectQueryBuilder<any, 't', any>>(query: Q, filter: PaymentFilter): Q {
  let q: SelectQueryBuilder<DB & { t: DB['transactions'] }, 't', object> = query
  if (filter.status) q = q.where('t.status', '=', filter.status)
  if (filter.currency) q = q.where('t.currency', '=', filter.currency)
  if (filter.createdFrom) q = q.where('t.created_at', '>=', filter.createdFrom)
  if (filter.createdTo) q = q.where('t.created_at', '<=', filter.createdTo)
  if (filter.ids) q = q.where('t.id', '=', sql<number>`any(${filter.ids}::bigint[])`)
  const term = filter.search
  if (term) {
    const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    const weeks = searchWeeksOf(filter, new Date())
    q = q.where((eb) =>
      eb.or([
        eb('t.public_id', '=', term),
        eb('t.order_id', '=', term),
        ...(/^[1-9]\d{0,15}$/.test(term) ? [eb('t.id', '=', Number(term))] : []),
        weeks
          ? eb.and([eb('t.payer_email', 'ilike', pattern), inSearchWeeks('t.created_at', weeks)])
          : eb('t.payer_email', 'ilike', pattern),
      ]),
    )
  }
  return q as Q
}

/**
 * The page of GET /api/payments/: the ids are chosen on `transactions` alone (in the order of one of
 * its list indexes, stopping after `limit`; with `afterId`, keyset: after that payment in this
 * ordering, whatever the offset), and only those rows are joined to their checkout session and link.
 */
export function paymentPageQuery(
  db: Database,
  scope: PaymentScope,
  filter: PaymentFilter,
  order: PaymentOrder,
  limit: number,
  offset: number,
  afterId?: number,
) {
  let page = matching(db, scope, filter)
  if (afterId !== undefined) {
    const column = order.column.slice(2) as 'created_at' | 'gross_amount_minor'
    let cursor = db
      .selectFrom('transactions as c')
      .select([`c.${column}`, 'c.id'])
      .where('c.id', '=', afterId)
      .where('c.organization_id', '=', scope.organizationId)
    if (scope.environment) cursor = cursor.where('c.environment', '=', scope.environment)
    const ref = sql.ref(order.column)
    page = page.where(
      order.direction === 'desc'
        ? sql<boolean>`(${ref}, t.id) < (${cursor})`
        : sql<boolean>`(${ref}, t.id) > (${cursor})`,
    )
  }
  const ids = page
    .select('t.id')
    .orderBy(order.column, order.direction)
    .orderBy('t.id', order.direction)
    .limit(limit)
    .offset(afterId === undefined ? offset : 0)
  return base(db, { organizationId: scope.organizationId, environment: null })
    .where('t.id', 'in', ids)
    .selectAll('t')
    .select('l.uuid as payment_link_uuid')
    .orderBy(order.column, order.direction)
    .orderBy('t.id', order.direction)
}

/**
 * The ids of the filter's payments, at most its bound + 1 (countBoundOf; see boundedTotal), on
 * `transactions` alone. A search over a range of a few weeks is narrowed to its weeks by the trigram
 * index (inSearchWeeks); otherwise a date range is walked in created_at order: rows are stored roughly
 * in that order, and a LIMIT over a trigram bitmap scan would otherwise read every match outside the
 * range before those inside it.
 */
export function paymentMatchIds(db: Database, scope: PaymentScope, filter: PaymentFilter) {
  const query = matching(db, scope, filter)
    .select('t.id')
    .limit(countBoundOf(filter) + 1)
  const walked = (filter.createdFrom || filter.createdTo) && !(filter.search && searchWeeksOf(filter, new Date()))
  return walked ? query.orderBy('t.created_at') : query
}

/** Count of the filter, row by row (an index-only scan without a search), stopping one past its bound. */
export function paymentCountQuery(db: Database, scope: PaymentScope, filter: PaymentFilter) {
  return db.selectFrom(paymentMatchIds(db, scope, filter).as('m')).select((eb) => eb.fn.countAll<number>().as('n'))
}

/** One page and the bounded count matching the filter; the id breaks ties so pages are stable. */
export async function listPayments(
  db: Database,
  scope: PaymentScope,
  filter: PaymentFilter,
  order: PaymentOrder,
  limit: number,
  offset: number,
  afterId?: number,
) {
  if (filter.search) {
    // The matches first: when they are all of them, the page is chosen from them and only its rows are
    // read, so a term that matches few payments never walks an ordering index hoping to find them.
    const matches = await paymentMatchIds(db, scope, filter).select(['t.created_at', 't.gross_amount_minor']).execute()
    const column = order.column === 't.created_at' ? 'created_at' : 'gross_amount_minor'
    const ids =
      matches.length > countBoundOf(filter)
        ? null
        : pageOfMatches(
            matches.map((m) => ({ id: m.id, key: m[column] })),
            order.direction,
            limit,
            offset,
            afterId,
          )
    const page = ids
      ? paymentPageQuery(db, scope, { ids }, order, limit, 0)
      : paymentPageQuery(db, scope, filter, order, limit, offset, afterId)
    return { rows: ids?.length === 0 ? [] : await page.execute(), total: matches.length }
  }
  const [rows, count] = await Promise.all([
    paymentPageQuery(db, scope, filter, order, limit, offset, afterId).execute(),
    paymentCountQuery(db, scope, filter).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

/** The next `limit` rows after `after` in the list's order (keyset: the export walks every row once). */
export function listPaymentsAfter(
  db: Database,
  scope: PaymentScope,
  filter: PaymentFilter,
  order: PaymentOrder,
  after: { value: Date | number; id: number } | null,
  limit: number,
) {
  let query = filtered(db, scope, filter).selectAll('t').select('l.uuid as payment_link_uuid')
  if (after)
    query = query.where((eb) =>
      eb(eb.refTuple(order.column, 't.id'), order.direction === 'desc' ? '<' : '>', eb.tuple(after.value, after.id)),
    )
  return query.orderBy(order.column, order.direction).orderBy('t.id', order.direction).limit(limit).execute()
}

export function findPayment(db: Database, scope: PaymentScope, id: { numeric: number } | { public: string }) {
  const query = base(db, scope)
    .selectAll('t')
    .select([
      'l.uuid as payment_link_uuid',
      's.billing_first_name',
      's.billing_last_name',
      's.billing_email',
      's.billing_phone',
      's.billing_country',
      's.billing_postal_code',
    ])
  return (
    'numeric' in id ? query.where('t.id', '=', id.numeric) : query.where('t.public_id', '=', id.public)
  ).executeTakeFirst()
}

export function listPaymentRefunds(db: Database, transactionId: number) {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('transaction_id', '=', transactionId)
    .orderBy('id', 'desc')
    .execute()
}

export function listPaymentEvents(db: Database, organizationId: number, environment: Environment, publicId: string) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('environment', '=', environment)
    .where('subject_id', '=', publicId)
    .orderBy('id', 'desc')
    .limit(200)
    .execute()
}
