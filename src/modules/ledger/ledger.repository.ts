import type { Insertable } from 'kysely'
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

/** The tenant's accounts in one currency, created on first use: kind → id. */
export async function ensureAccounts(db: Database, scope: TenantScope, currency: string): Promise<Map<AccountKind, number>> {
  let rows = await accountsOf(db, scope, currency).execute()
  if (rows.length < ACCOUNT_KINDS.length) {
    await db
      .insertInto('ledger_accounts')
      .values(ACCOUNT_KINDS.map((kind) => ({ organization_id: scope.organizationId, environment: scope.environment, currency, kind })))
      .onConflict((oc) => oc.columns(['organization_id', 'environment', 'currency', 'kind']).doNothing())
      .execute()
    rows = await accountsOf(db, scope, currency).execute()
  }
  return new Map(rows.map((r) => [r.kind, r.id]))
}

/** Row-locks accounts in id order: every writer takes them in the same order, so no two deadlock. */
export function lockAccounts(db: Database, ids: number[]) {
  return db
    .selectFrom('ledger_accounts')
    .select(['id', 'kind', 'balance_minor'])
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute()
}

/** Inserts the entry unless its posting key exists (a retry or a race): returns its id, or null. */
export async function insertEntryOnce(db: Database, row: Insertable<JournalEntriesTable>): Promise<number | null> {
  const inserted = await db
    .insertInto('journal_entries')
    .values(row)
    .onConflict((oc) => oc.column('posting_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  return inserted?.id ?? null
}

export async function insertPostings(db: Database, entryId: number, postings: { accountId: number; amountMinor: number }[]) {
  await db
    .insertInto('ledger_postings')
    .values(postings.map((p) => ({ entry_id: entryId, account_id: p.accountId, amount_minor: p.amountMinor })))
    .execute()
}

export function listBalances(db: Database, scope: TenantScope) {
  return db
    .selectFrom('ledger_accounts')
    .select(['currency', 'kind', 'balance_minor'])
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
    .orderBy('currency')
    .execute()
}

export function findEntriesOfTransaction(db: Database, transactionId: number) {
  return db.selectFrom('journal_entries').selectAll().where('transaction_id', '=', transactionId).orderBy('id').execute()
}

export async function insertReserveHold(db: Database, hold: { scope: TenantScope; currency: string; transactionId: number; amountMinor: number; releaseAt: Date }) {
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
  await db.updateTable('reserve_holds').set({ released_at: now }).where('id', '=', id).where('released_at', 'is', null).execute()
}
