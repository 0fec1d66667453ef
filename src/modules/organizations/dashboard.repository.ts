import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'

// Dashboard figures: payment counts and volume from transactions, wallet activity from the ledger.

export async function transactionStats(db: Database, organizationId: number, environment: Environment) {
  const rows = await db
    .selectFrom('transactions')
    .select((eb) => [
      'currency',
      eb.fn.countAll<number>().as('count'),
      sql<number>`count(*) filter (where status in ('paid', 'refund_pending', 'partially_refunded', 'refunded'))`.as(
        'paid_count',
      ),
      sql<number>`coalesce(sum(gross_amount_minor) filter (where status in ('paid', 'refund_pending', 'partially_refunded', 'refunded')), 0)`.as(
        'gross',
      ),
    ])
    .where('organization_id', '=', organizationId)
    .where('environment', '=', environment)
    .groupBy('currency')
    .orderBy('currency')
    .execute()
  return rows.map((r) => ({
    currency: r.currency,
    count: Number(r.count),
    paidCount: Number(r.paid_count),
    gross: Number(r.gross),
  }))
}

/**
 * Latest ledger entries with their effect on the merchant's available and pending balances, newest first.
 * Customer credit (proration) entries are left out: they never touch available or pending.
 */
export function recentLedgerEntries(db: Database, organizationId: number, environment: Environment, limit: number) {
  return db
    .selectFrom('journal_entries as je')
    .innerJoin('ledger_postings as lp', 'lp.entry_id', 'je.id')
    .innerJoin('ledger_accounts as la', 'la.id', 'lp.account_id')
    .leftJoin('transactions as t', 't.id', 'je.transaction_id')
    .select([
      'je.id',
      'je.kind',
      'je.currency',
      'je.created_at',
      't.public_id as transaction_public_id',
      sql<number>`coalesce(sum(lp.amount_minor) filter (where la.kind = 'available'), 0)`.as('available_change'),
      sql<number>`coalesce(sum(lp.amount_minor) filter (where la.kind = 'pending'), 0)`.as('pending_change'),
    ])
    .where('je.organization_id', '=', organizationId)
    .where('je.environment', '=', environment)
    .where('je.kind', 'not in', ['credit_granted', 'credit_applied'])
    .groupBy(['je.id', 't.public_id'])
    .orderBy('je.id', 'desc')
    .limit(limit)
    .execute()
}

export async function countUsers(db: Database, organizationId: number): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', organizationId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
