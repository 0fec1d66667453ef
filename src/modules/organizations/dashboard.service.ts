import type { AppContext } from '../../context.ts'
import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'
import { formatMinor } from '../../lib/money.ts'
import { notFound } from '../../lib/errors.ts'
import type { DashboardUser } from '../auth/index.ts'
import * as repo from './dashboard.repository.ts'
import { findOrganization } from './organizations.repository.ts'
import { getWallet } from '../ledger/index.ts'
const RECENT_ACTIVITY = 10

/** Wallet balances per currency, from the ledger's account balances (always derived from ledger entries). */
export async function walletSummary(db: Database, organizationId: number, environment: Environment) {
  const wallet = await getWallet(db, { organizationId, environment })
  return {
    source: 'ledger' as const,
    balances: wallet.map((w) => ({
      currency: w.currency,
      available: w.available,
      pending: w.pending,
      reserve: w.reserve,
      refund_held: w.refund_held,
    })),
  }
}

export async function getDashboard(ctx: AppContext, user: DashboardUser, environment: Environment) {
  const org = await findOrganization(ctx.db, user.organizationId)
  if (!org) throw notFound('Organization')
  const [wallet, stats, userCount, movements] = await Promise.all([
    walletSummary(ctx.db, org.id, environment),
    repo.transactionStats(ctx.db, org.id, environment),
    repo.countUsers(ctx.db, org.id),
    repo.recentLedgerEntries(ctx.db, org.id, environment, RECENT_ACTIVITY),
  ])
  return {
    environment,
    organization: { id: org.id, name: org.name, status: org.status, price_mode: org.price_mode },
    wallet,
    stats: {
      user_count: userCount,
      transaction_count: stats.reduce((n, s) => n + s.count, 0),
      paid_count: stats.reduce((n, s) => n + s.paidCount, 0),
      gross_volume: stats.map((s) => ({ currency: s.currency, amount: formatMinor(s.gross) })),
    },
    recent_activity: movements.map((e) => ({
      id: e.id,
      type: e.kind,
      transaction_id: e.transaction_public_id,
      currency: e.currency,
      available_change: formatMinor(Number(e.available_change)),
      pending_change: formatMinor(Number(e.pending_change)),
      at: e.created_at.toISOString(),
    })),
  }
}
