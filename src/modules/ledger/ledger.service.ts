import type { Database } from '../../db/database.ts'
import type { AccountKind, EntryKind } from './ledger.table.ts'
import * as repo from './ledger.repository.ts'

export type { TenantScope } from './ledger.repository.ts'

export interface EntrySpec {
  scope: repo.TenantScope
  currency: string
  kind: EntryKind
  /** Unique per money movement (e.g. `payment:42:settled`): posting the same key twice is a no-op. */
  key: string
  transactionId?: number | null
  refundId?: number | null
  memo?: string | null
  /** Signed amounts in minor units; positive credits a merchant-side account. Zero lines are dropped. */
  postings: { account: AccountKind; amountMinor: number }[]
}

export class UnbalancedEntryError extends Error {}

export interface LockedAccounts {
  accounts: Map<AccountKind, number>
  balances: Record<AccountKind, number>
}

/**
 * Locks the tenant's accounts of one currency (in id order, the one lock order of every writer, so
 * no two deadlock) and returns their ids and balances; pass the result to postEntry in the same
 * transaction to skip locking again. Take it as late as the transaction allows: it serializes every
 * money movement of the tenant's currency until commit.
 */
export async function lockBalances(trx: Database, scope: repo.TenantScope, currency: string): Promise<LockedAccounts> {
  const rows = await repo.lockAccountsOf(trx, scope, currency)
  return {
    accounts: new Map(rows.map((r) => [r.kind, r.id])),
    balances: Object.fromEntries(rows.map((r) => [r.kind, r.balance_minor])) as Record<AccountKind, number>,
  }
}

/**
 * Writes one balanced journal entry, exactly once per key. Call inside the DB transaction of the state
 * change that causes it. Returns false when the key was already posted (a retry or a lost race).
 * The database re-checks the balance at commit; this early check only gives a clearer error.
 */
export async function postEntry(trx: Database, spec: EntrySpec, locked?: LockedAccounts): Promise<boolean> {
  const lines = spec.postings.filter((p) => p.amountMinor !== 0)
  const sum = lines.reduce((s, p) => s + p.amountMinor, 0)
  if (sum !== 0 || lines.length < 2 || lines.some((p) => !Number.isSafeInteger(p.amountMinor))) {
    throw new UnbalancedEntryError(`entry ${spec.key} does not balance: ${JSON.stringify(lines)}`)
  }
  const { accounts } = locked ?? (await lockBalances(trx, spec.scope, spec.currency))
  return repo.insertEntryWithPostings(
    trx,
    {
      organization_id: spec.scope.organizationId,
      environment: spec.scope.environment,
      currency: spec.currency,
      kind: spec.kind,
      posting_key: spec.key,
      transaction_id: spec.transactionId ?? null,
      refund_id: spec.refundId ?? null,
      memo: spec.memo ?? null,
    },
    lines.map((p) => ({ accountId: accounts.get(p.account) as number, amountMinor: p.amountMinor })),
  )
}
