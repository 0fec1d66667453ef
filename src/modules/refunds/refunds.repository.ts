import { sql, type Insertable, type Updateable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'
import { pageOfMatches, SEARCH_COUNT_BOUND, searchWeeksOf } from '../../lib/paging.ts'
import { COMMITTED_REFUND_STATUSES, type RefundsTable, type RefundStatus } from './refunds.table.ts'
import { inSearchWeeks } from '../../db/search-weeks.ts'

export type TenantScope = { organizationId: number; environment: Environment }

export function insertRefund(db: Database, row: Insertable<RefundsTable>) {
  return db.insertInto('refunds').values(row).returningAll().executeTakeFirstOrThrow()
}

export function findRefund(db: Database, scope: TenantScope, id: { numeric: number } | { public: string }) {
  let query = db
    .selectFrom('refunds')
    .selectAll()
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
  query = 'numeric' in id ? query.where('id', '=', id.numeric) : query.where('public_id', '=', id.public)
  return query.executeTakeFirst()
}

export function findRefundById(db: Database, id: number) {
  return db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Compare-and-set: only one writer moves a refund out of `from`. Null when someone else did first. */
export function setRefundStatus(
  db: Database,
  id: number,
  from: RefundStatus,
  to: RefundStatus,
  patch: Updateable<RefundsTable>,
  now: Date,
) {
  return db
    .updateTable('refunds')
    .set({ ...patch, status: to, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', from)
    .returningAll()
    .executeTakeFirst()
}

/** Sum of refunds that count against the payment: in flight or completed. */
export async function committedRefundTotal(db: Database, transactionId: number): Promise<number> {
  const row = await db
    .selectFrom('refunds')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_minor'), sql<number>`0`).as('total'))
    .where('transaction_id', '=', transactionId)
    .where('status', 'in', COMMITTED_REFUND_STATUSES)
    .executeTakeFirstOrThrow()
  return Number(row.total)
}

export async function countInFlight(db: Database, transactionId: number): Promise<number> {
  const row = await db
    .selectFrom('refunds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('transaction_id', '=', transactionId)
    .where('status', 'in', ['pending', 'processing'])
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function setAmountRefunded(db: Database, transactionId: number, amountRefundedMinor: number, now: Date) {
  await db
    .updateTable('transactions')
    .set({ amount_refunded_minor: amountRefundedMinor, updated_at: now })
    .where('id', '=', transactionId)
    .execute()
}

export interface RefundFilter {
  status?: RefundStatus
  createdFrom?: Date
  createdTo?: Date
  /** Matches the payment's public id, its numeric id, or text in the reason. */
  search?: string
  /** Only these refunds (a search's matches, found first). */
  ids?: number[]
}

export type RefundOrder = { column: 'created_at' | 'amount_minor'; direction: 'asc' | 'desc' }

function filtered(db: Database, scope: TenantScope, filter: RefundFilter) {
  let query = db
    .selectFrom('refunds')
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
  if (filter.status) query = query.where('status', '=', filter.status)
  if (filter.createdFrom) query = query.where('created_at', '>=', filter.createdFrom)
  if (filter.createdTo) query = query.where('created_at', '<=', filter.createdTo)
  if (filter.ids) query = query.where('id', '=', sql<number>`any(${filter.ids}::bigint[])`)
  const term = filter.search
  if (term) {
    const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    const weeks = searchWeeksOf(filter, new Date())
    query = query.where((eb) =>
      eb.or([
        eb('transaction_public_id', '=', term),
        ...(/^[1-9]\d{0,15}$/.test(term) ? [eb('transaction_id', '=', Number(term))] : []),
        weeks
          ? eb.and([eb('reason', 'ilike', pattern), inSearchWeeks('created_at', weeks)])
          : eb('reason', 'ilike', pattern),
      ]),
    )
  }
  return query
}

/**
 * A search's matches (id and the ordering columns), at most SEARCH_COUNT_BOUND + 1. A range of a few
 * weeks narrows the trigram scan to its weeks (inSearchWeeks). A wider one is walked in created_at
 * order: rows are stored roughly in that order, and a LIMIT over a trigram bitmap scan would otherwise
 * read the whole table's matches outside the range first.
 */
export function searchMatches(db: Database, scope: TenantScope, filter: RefundFilter) {
  const query = filtered(db, scope, filter)
    .select(['id', 'created_at', 'amount_minor'])
    .limit(SEARCH_COUNT_BOUND + 1)
  return (filter.createdFrom || filter.createdTo) && !searchWeeksOf(filter, new Date())
    ? query.orderBy('created_at')
    : query
}

const DAY_MS = 86_400_000
const utcDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS)
const isoDay = (d: Date) => d.toISOString().slice(0, 10)

/**
 * Count of the filter, as one query. Without `search` it is exact: whole UTC days inside the range come
 * from refund_daily_counts (trigger-maintained) and only the partial edge days are counted row by row,
 * so the cost does not grow with the number of refunds. A search is counted row by row (trigram index)
 * and stops at SEARCH_COUNT_BOUND + 1.
 */
export function countRefundsQuery(db: Database, scope: TenantScope, filter: RefundFilter) {
  const { createdFrom: from, createdTo: to } = filter
  const fullStart = from
    ? utcDay(from).getTime() === from.getTime()
      ? from
      : new Date(utcDay(from).getTime() + DAY_MS)
    : null
  const fullEnd = to ? utcDay(to) : null // exclusive: the day of `to` is partial
  if (filter.search) {
    // Row by row, so bounded: at most SEARCH_COUNT_BOUND + 1 matches are counted (see boundedTotal).
    return db.selectFrom(searchMatches(db, scope, filter).as('m')).select((eb) => eb.fn.countAll<number>().as('n'))
  }
  if (fullStart && fullEnd && fullStart >= fullEnd) {
    return filtered(db, scope, filter).select((eb) => eb.fn.countAll<number>().as('n'))
  }
  const rows = (lower: Date | undefined, upper: Date, upperInclusive: boolean) => {
    let q = filtered(db, scope, { status: filter.status })
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('created_at', upperInclusive ? '<=' : '<', upper)
    if (lower) q = q.where('created_at', '>=', lower)
    return q
  }
  let days = db
    .selectFrom('refund_daily_counts')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('n'), sql<number>`0`).as('n'))
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
  if (filter.status) days = days.where('status', '=', filter.status)
  if (fullStart) days = days.where('day', '>=', isoDay(fullStart))
  if (fullEnd) days = days.where('day', '<', isoDay(fullEnd))
  const lowerEdge =
    from && fullStart && from < fullStart ? sql<number>`(${rows(from, fullStart, false)})` : sql<number>`0`
  const upperEdge = to && fullEnd ? sql<number>`(${rows(fullEnd, to, true)})` : sql<number>`0`
  // One statement, one snapshot: the day sums and the edge counts agree with each other.
  return db.selectNoFrom(sql<number>`(${days}) + ${lowerEdge} + ${upperEdge}`.as('n'))
}

export async function countRefunds(db: Database, scope: TenantScope, filter: RefundFilter): Promise<number> {
  const row = await countRefundsQuery(db, scope, filter).executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * One page of a tenant's refunds; `id` breaks ties so pages are stable. With `afterId` (keyset), the
 * page starts after that refund in this ordering, whatever the offset.
 */
export function listRefundPage(
  db: Database,
  scope: TenantScope,
  filter: RefundFilter,
  order: RefundOrder,
  limit: number,
  offset: number,
  afterId?: number,
) {
  let query = filtered(db, scope, filter)
  if (afterId !== undefined) {
    const column = sql.ref(order.column)
    const cursor = db
      .selectFrom('refunds as c')
      .select([`c.${order.column}`, 'c.id'])
      .where('c.id', '=', afterId)
      .where('c.organization_id', '=', scope.organizationId)
      .where('c.environment', '=', scope.environment)
    query = query.where(
      order.direction === 'desc'
        ? sql<boolean>`(${column}, id) < (${cursor})`
        : sql<boolean>`(${column}, id) > (${cursor})`,
    )
  }
  return query
    .selectAll()
    .orderBy(order.column, order.direction)
    .orderBy('id', order.direction)
    .limit(limit)
    .offset(afterId === undefined ? offset : 0)
}

export async function listRefunds(
  db: Database,
  scope: TenantScope,
  filter: RefundFilter,
  order: RefundOrder,
  limit: number,
  offset: number,
  afterId?: number,
) {
  if (filter.search) {
    // The matches first (at most the bound + 1): when they are all of them, the page is chosen from them
    // and only its rows are read, so a term that matches few rows never walks an ordering index hoping
    // to find them (a status or range they never fall in made that read every row of it).
    const matches = await searchMatches(db, scope, filter).execute()
    const ids =
      matches.length > SEARCH_COUNT_BOUND
        ? null
        : pageOfMatches(
            matches.map((m) => ({ id: m.id, key: m[order.column] })),
            order.direction,
            limit,
            offset,
            afterId,
          )
    const page = ids
      ? listRefundPage(db, scope, { ids }, order, limit, 0)
      : listRefundPage(db, scope, filter, order, limit, offset, afterId)
    return { rows: ids?.length === 0 ? [] : await page.execute(), total: matches.length }
  }
  const [rows, total] = await Promise.all([
    listRefundPage(db, scope, filter, order, limit, offset, afterId).execute(),
    countRefunds(db, scope, filter),
  ])
  return { rows, total }
}

/** Recorded before a processor without idempotency keys is asked, so a retry reads before it resends. */
export async function markRefundSubmitted(db: Database, id: number, now: Date) {
  await db
    .updateTable('refunds')
    .set({ provider_submitted_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'processing')
    .execute()
}

/** Refunds of a payment sent to the processor and not decided yet. */
export function findSubmittedProcessingRefunds(db: Database, transactionId: number, environment: Environment) {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('transaction_id', '=', transactionId)
    .where('environment', '=', environment)
    .where('status', '=', 'processing')
    .where('provider_submitted_at', 'is not', null)
    .orderBy('id')
    .execute()
}
