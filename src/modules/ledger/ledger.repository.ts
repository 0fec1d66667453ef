import { sql, type Insertable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'
import { ACCOUNT_KINDS, type AccountKind, type JournalEntriesTable } from './ledger.table.ts'

export type TenantScope = { organizationId: number; environment: Environment }

const accountsOf = (db: Database, scope: TenantScope, currency: string) =>
  db
    .selectFrom('ledger_accounts')
    .select(['id', 'kind', 'balance_minor'])
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
    .where('currency', '=', currency)
    .where('customer_id', 'is', null)
    .$narrowType<{ kind: AccountKind }>()

/** The tenant's accounts in one currency, created on first use: kind → id. */
export async function ensureAccounts(
  db: Database,
  scope: TenantScope,
  currency: string,
): Promise<Map<AccountKind, number>> {
  let rows = await accountsOf(db, scope, currency).execute()
  if (rows.length < ACCOUNT_KINDS.length) {
    await db
      .insertInto('ledger_accounts')
      .values(
        ACCOUNT_KINDS.map((kind) => ({
          organization_id: scope.organizationId,
          environment: scope.environment,
          currency,
          kind,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['organization_id', 'environment', 'currency', 'kind']).where('customer_id', 'is', null).doNothing(),
      )
      .execute()
    rows = await accountsOf(db, scope, currency).execute()
  }
  return new Map(rows.map((r) => [r.kind, r.id]))
}

/**
 * Row-locks the tenant's accounts of one currency, in id order: every writer takes them in the same
 * order, so no two deadlock. Creates them on first use.
 */
export async function lockAccountsOf(db: Database, scope: TenantScope, currency: string) {
  const lock = () => accountsOf(db, scope, currency).orderBy('id').forUpdate().execute()
  let rows = await lock()
  if (rows.length < ACCOUNT_KINDS.length) {
    await ensureAccounts(db, scope, currency)
    rows = await lock()
  }
  return rows
}

/**
 * Inserts the entry and its postings in one statement, unless the posting key exists (a retry or a
 * race): then nothing is written and it returns false. Postings go in account id order.
 */
export async function insertEntryWithPostings(
  db: Database,
  row: Insertable<JournalEntriesTable>,
  postings: { accountId: number; amountMinor: number }[],
): Promise<boolean> {
  const values = sql.join(postings.map((p) => sql`(${p.accountId}::bigint, ${p.amountMinor}::bigint)`))
  const { rows } = await sql<{ entry_id: number }>`
    with entry as (
      insert into journal_entries (organization_id, environment, currency, kind, posting_key, transaction_id, refund_id, memo)
      values (${row.organization_id}, ${row.environment}, ${row.currency}, ${row.kind}, ${row.posting_key}, ${row.transaction_id ?? null}, ${row.refund_id ?? null}, ${row.memo ?? null})
      on conflict (posting_key) do nothing
      returning id)
    insert into ledger_postings (entry_id, account_id, amount_minor)
    select entry.id, v.account_id, v.amount_minor from entry, (values ${values}) as v(account_id, amount_minor)
    order by v.account_id
    returning entry_id`.execute(db)
  return rows.length > 0
}

export function listBalances(db: Database, scope: TenantScope) {
  return db
    .selectFrom('ledger_accounts')
    .select(['currency', 'kind', 'balance_minor'])
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
    .where('customer_id', 'is', null)
    .orderBy('currency')
    .execute()
}

export function findEntriesOfTransaction(db: Database, transactionId: number) {
  return db
    .selectFrom('journal_entries')
    .selectAll()
    .where('transaction_id', '=', transactionId)
    .orderBy('id')
    .execute()
}

export async function insertReserveHold(
  db: Database,
  hold: { scope: TenantScope; currency: string; transactionId: number; amountMinor: number; releaseAt: Date },
) {
  await db
    .insertInto('reserve_holds')
    .values({
      organization_id: hold.scope.organizationId,
      environment: hold.scope.environment,
      currency: hold.currency,
      transaction_id: hold.transactionId,
      amount_minor: hold.amountMinor,
      release_at: hold.releaseAt,
    })
    .onConflict((oc) => oc.column('transaction_id').doNothing())
    .execute()
}

/** Due holds, locked; SKIP LOCKED lets several workers release different holds at once. */
export function claimDueReserveHolds(db: Database, now: Date, limit: number) {
  return db
    .selectFrom('reserve_holds')
    .selectAll()
    .where('released_at', 'is', null)
    .where('release_at', '<=', now)
    .orderBy('release_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
}

export async function markReserveReleased(db: Database, id: number, now: Date) {
  await db
    .updateTable('reserve_holds')
    .set({ released_at: now })
    .where('id', '=', id)
    .where('released_at', 'is', null)
    .execute()
}
