import type { Database } from '../../db/database.ts'
import { formatMinor } from '../../lib/money.ts'
import { listBalances, type TenantScope } from './ledger.repository.ts'

export interface WalletBalance {
  currency: string
  /** Spendable now: refunds are paid from it. */
  available: string
  /** Paid payments whose deposit has not settled yet (gross). */
  pending: string
  /** Rolling reserve held from settled payments until due. */
  reserve: string
  /** Held for refunds in flight. */
  refund_held: string
  available_minor: number
  pending_minor: number
  reserve_minor: number
  refund_held_minor: number
  fees_paid: string
}

/** The merchant's wallet per currency, derived from the ledger's account balances. */
export async function getWallet(db: Database, scope: TenantScope): Promise<WalletBalance[]> {
  const rows = await listBalances(db, scope)
  const byCurrency = new Map<string, Record<string, number>>()
  for (const r of rows)
    (byCurrency.get(r.currency) ?? byCurrency.set(r.currency, {}).get(r.currency)!)[r.kind] = r.balance_minor
  return [...byCurrency.entries()].map(([currency, b]) => ({
    currency,
    available: formatMinor(b.available ?? 0),
    pending: formatMinor(b.pending ?? 0),
    reserve: formatMinor(b.reserve ?? 0),
    refund_held: formatMinor(b.refund_held ?? 0),
    available_minor: b.available ?? 0,
    pending_minor: b.pending ?? 0,
    reserve_minor: b.reserve ?? 0,
    refund_held_minor: b.refund_held ?? 0,
    fees_paid: formatMinor(b.platform_fees ?? 0),
  }))
}
