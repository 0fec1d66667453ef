import { sql, type RawBuilder } from 'kysely'
import type { Database } from '../../db/database.ts'

export interface CheckResult {
  name: string
  ok: boolean
  description: string
  violations: string[]
}

export interface LedgerReport {
  ok: boolean
  organization_id: number | null
  checks: CheckResult[]
}

const LIMIT = 50

// Each invariant is one query returning the offending rows as text; an empty answer means it holds.
// `org` is a SQL condition fragment on the alias each query names.
const CHECKS: {
  name: string
  description: string
  query: (org: (alias: string) => RawBuilder<unknown>) => RawBuilder<{ problem: string }>
}[] = [
  {
    name: 'entries_balance',
    description: 'every journal entry has at least two postings summing to zero',
    query: (
      org,
    ) => sql`select 'entry ' || e.id || ' (' || e.kind || ') sums to ' || coalesce(sum(p.amount_minor), 0) || ' over ' || count(p.id) || ' postings' as problem
      from journal_entries e left join ledger_postings p on p.entry_id = e.id
      where ${org('e')} group by e.id having coalesce(sum(p.amount_minor), 0) <> 0 or count(p.id) < 2`,
  },
  {
    name: 'balances_equal_entries',
    description: 'every account balance equals the sum of its postings',
    query: (
      org,
    ) => sql`select 'account ' || a.id || ' (' || a.kind || ' ' || a.currency || ' org ' || a.organization_id || ' ' || a.environment || ') balance ' || a.balance_minor || ' but postings sum to ' || coalesce(sum(p.amount_minor), 0) as problem
      from ledger_accounts a left join ledger_postings p on p.account_id = a.id
      where ${org('a')} group by a.id having a.balance_minor <> coalesce(sum(p.amount_minor), 0)`,
  },
  {
    name: 'no_negative_balances',
    description: 'no merchant balance (available, pending, reserve, held) or customer credit is negative',
    query: (
      org,
    ) => sql`select 'account ' || a.id || ' (' || a.kind || ' ' || a.currency || ' org ' || a.organization_id || ' ' || a.environment || ') is ' || a.balance_minor as problem
      from ledger_accounts a where ${org('a')} and a.kind not in ('provider_clearing', 'credit_issued') and a.balance_minor < 0`,
  },
  {
    name: 'customer_credit_mirrored',
    description: "the merchant's credit_issued balance is minus the sum of its customers' credit balances",
    query: (
      org,
    ) => sql`select 'credit_issued ' || coalesce(m.currency, c.currency) || ' org ' || coalesce(m.organization_id, c.organization_id) || ' ' || coalesce(m.environment, c.environment) || ' is ' || coalesce(m.balance_minor, 0) || ' but customer credit sums to ' || coalesce(c.total, 0) as problem
      from (select * from ledger_accounts where kind = 'credit_issued') m
      full join (select organization_id, environment, currency, sum(balance_minor) as total from ledger_accounts
        where kind = 'customer_credit' group by organization_id, environment, currency) c
        on c.organization_id = m.organization_id and c.environment = m.environment and c.currency = m.currency
      where ${org('m')} is not false and ${org('c')} is not false and coalesce(m.balance_minor, 0) <> -coalesce(c.total, 0)`,
  },
  {
    name: 'refunds_within_gross',
    description:
      "refunds in flight or completed never exceed the payment's gross; amount_refunded equals the completed refunds",
    query: (
      org,
    ) => sql`select 'payment ' || t.public_id || ': gross ' || t.gross_amount_minor || ', refunds committed ' || coalesce(r.committed, 0) || ', completed ' || coalesce(r.completed, 0) || ', amount_refunded ' || t.amount_refunded_minor as problem
      from transactions t
      left join (select transaction_id,
          sum(amount_minor) filter (where status in ('pending', 'processing', 'completed')) as committed,
          sum(amount_minor) filter (where status = 'completed') as completed
        from refunds group by transaction_id) r on r.transaction_id = t.id
      where ${org('t')} and (coalesce(r.committed, 0) > t.gross_amount_minor or coalesce(r.completed, 0) <> t.amount_refunded_minor)`,
  },
  {
    name: 'payments_credited_once',
    description: 'every paid payment is received once, and credited once when (and only when) its deposit settled',
    query: (
      org,
    ) => sql`select 'payment ' || t.public_id || ' (' || t.status || ', deposit ' || t.deposit_status || ') has ' || coalesce(e.received, 0) || ' receipt and ' || coalesce(e.settled, 0) || ' settlement entries' as problem
      from transactions t
      left join (select transaction_id,
          count(*) filter (where kind = 'payment_received') as received,
          count(*) filter (where kind = 'deposit_settled') as settled
        from journal_entries where transaction_id is not null group by transaction_id) e on e.transaction_id = t.id
      where ${org('t')} and (
        (t.status in ('paid', 'refund_pending', 'partially_refunded', 'refunded') and coalesce(e.received, 0) <> 1)
        or (t.status not in ('paid', 'refund_pending', 'partially_refunded', 'refunded') and coalesce(e.received, 0) <> 0)
        or (t.deposit_status = 'succeeded' and t.status <> 'processing' and coalesce(e.settled, 0) <> 1)
        or (t.deposit_status <> 'succeeded' and coalesce(e.settled, 0) <> 0))`,
  },
  {
    name: 'held_equals_refunds_in_flight',
    description: 'the refund_held balance equals the refunds in flight',
    query: (
      org,
    ) => sql`select 'refund_held ' || a.currency || ' org ' || a.organization_id || ' ' || a.environment || ' is ' || a.balance_minor || ' but refunds in flight sum to ' || coalesce(r.in_flight, 0) as problem
      from ledger_accounts a
      left join (select organization_id, environment, currency, sum(amount_minor) as in_flight from refunds
        where status in ('pending', 'processing') group by organization_id, environment, currency) r
        on r.organization_id = a.organization_id and r.environment = a.environment and r.currency = a.currency
      where ${org('a')} and a.kind = 'refund_held' and a.balance_minor <> coalesce(r.in_flight, 0)`,
  },
  {
    name: 'refund_counts_match',
    description: 'the per-day refund counts (list totals) equal the refunds',
    query: (
      org,
    ) => sql`select 'refund counts org ' || coalesce(c.organization_id, r.organization_id) || ' ' || coalesce(c.environment, r.environment) || ' ' || coalesce(c.day, r.day) || ' ' || coalesce(c.status, r.status) || ': ' || coalesce(c.n, 0) || ' counted, ' || coalesce(r.n, 0) || ' refunds' as problem
      from refund_daily_counts c
      full join (select organization_id, environment, (created_at at time zone 'UTC')::date as day, status, count(*) as n
        from refunds group by 1, 2, 3, 4) r
        on r.organization_id = c.organization_id and r.environment = c.environment and r.day = c.day and r.status = c.status
      where ${org('c')} is not false and ${org('r')} is not false and coalesce(c.n, 0) <> coalesce(r.n, 0)`,
  },
]

/** Verifies every ledger invariant (optionally for one organization); `ok` is false if any is broken. */
export async function runLedgerCheck(db: Database, options: { organizationId?: number } = {}): Promise<LedgerReport> {
  const org = (alias: string) =>
    options.organizationId === undefined
      ? sql`true`
      : sql`${sql.ref(`${alias}.organization_id`)} = ${options.organizationId}`
  const checks: CheckResult[] = []
  for (const check of CHECKS) {
    const { rows } = await sql<{ problem: string }>`${check.query(org)} limit ${LIMIT}`.execute(db)
    checks.push({
      name: check.name,
      ok: rows.length === 0,
      description: check.description,
      violations: rows.map((r) => r.problem),
    })
  }
  return { ok: checks.every((c) => c.ok), organization_id: options.organizationId ?? null, checks }
}
