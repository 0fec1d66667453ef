import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'

// Dashboard figures computed from payments. The ledger (issue 4) will replace the wallet part.

export async function transactionStats(db: Database, organizationId: number, environment: Environment) {
  const rows = await db
    .selectFrom('transactions')
    .select((eb) => [
      'currency',
      eb.fn.countAll<number>().as('count'),
      sql<number>`count(*) filter (where status in ('paid', 'refund_pending', 'partially_refunded', 'refunded'))`.as('paid_count'),
      sql<number>`coalesce(sum(gross_amount_minor) filter (where status in ('paid', 'refund_pending', 'partially_refunded', 'refunded')), 0)`.as('gross'),
      sql<number>`coalesce(sum(net_amount_minor - amount_refunded_minor) filter (where deposit_status = 'succeeded'), 0)`.as('available'),
      sql<number>`coalesce(sum(net_amount_minor) filter (where deposit_status = 'pending' and status <> 'failed' and status <> 'canceled'), 0)`.as('pending'),
    ])
    .where('organization_id', '=', organizationId)
    .where('environment', '=', environment)
    .groupBy('currency')
    .orderBy('currency')
    .execute()
  return rows.map((r) => ({ currency: r.currency, count: Number(r.count), paidCount: Number(r.paid_count), gross: Number(r.gross), available: Number(r.available), pending: Number(r.pending) }))
}

/** Latest money movements: settled payments (credits) and refunds (debits), newest first. */
export function recentMovements(db: Database, organizationId: number, environment: Environment, limit: number) {
  return db
    .selectFrom('transactions')
    .select(['public_id', 'currency', 'status', 'net_amount_minor', 'amount_refunded_minor', 'deposit_settled_at', 'paid_at', 'updated_at'])
    .where('organization_id', '=', organizationId)
    .where('environment', '=', environment)
    .where((eb) => eb.or([eb('paid_at', 'is not', null), eb('amount_refunded_minor', '>', 0)]))
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}
