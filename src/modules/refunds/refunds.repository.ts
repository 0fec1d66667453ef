import { sql, type Insertable, type Updateable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'
import { COMMITTED_REFUND_STATUSES, type RefundsTable, type RefundStatus } from './refunds.table.ts'

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
export function setRefundStatus(db: Database, id: number, from: RefundStatus, to: RefundStatus, patch: Updateable<RefundsTable>, now: Date) {
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
  await db.updateTable('transactions').set({ amount_refunded_minor: amountRefundedMinor, updated_at: now }).where('id', '=', transactionId).execute()
}

export interface RefundFilter {
  status?: RefundStatus
  createdFrom?: Date
  createdTo?: Date
  /** Matches the payment's public id, its numeric id, or text in the reason. */
  search?: string
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
  const term = filter.search
  if (term) {
    const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) => eb.or([
      eb('transaction_public_id', '=', term),
      ...(/^[1-9]\d{0,15}$/.test(term) ? [eb('transaction_id', '=', Number(term))] : []),
      eb('reason', 'ilike', pattern),
    ]))
  }
  return query
}

/** One page of a tenant's refunds and the total matching the filter; `id` breaks ties so pages are stable. */
export async function listRefunds(db: Database, scope: TenantScope, filter: RefundFilter, order: RefundOrder, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    filtered(db, scope, filter)
      .selectAll()
      .orderBy(order.column, order.direction)
      .orderBy('id', order.direction)
      .limit(limit)
      .offset(offset)
      .execute(),
    filtered(db, scope, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}
