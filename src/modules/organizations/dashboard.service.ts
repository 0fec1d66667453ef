import type { AppContext } from '../../context.ts'
import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'
import { formatMinor } from '../../lib/money.ts'
import { notFound } from '../../http/errors.ts'
import type { DashboardUser } from '../../http/session-auth.ts'
import { countUsers, listUsers } from '../auth/auth.repository.ts'
import * as repo from './dashboard.repository.ts'
import { findOrganization } from './organizations.repository.ts'

const RECENT_ACTIVITY = 10

/**
 * Wallet balances per currency. Until the ledger (issue 4) is merged, figures are derived from
 * payments: available = settled net minus refunds, pending = paid but deposit not settled.
 * Switch this one function to the ledger's balance query when it lands (and set source: 'ledger').
 */
export async function walletSummary(db: Database, organizationId: number, environment: Environment) {
  const stats = await repo.transactionStats(db, organizationId, environment)
  return {
    source: 'transactions' as const,
    balances: stats.map((s) => ({ currency: s.currency, available: formatMinor(s.available), pending: formatMinor(s.pending), reserved: formatMinor(0) })),
  }
}

export async function getDashboard(ctx: AppContext, user: DashboardUser, environment: Environment) {
  const org = await findOrganization(ctx.db, user.organizationId)
  if (!org) throw notFound('Organization')
  const [wallet, stats, userCount, movements] = await Promise.all([
    walletSummary(ctx.db, org.id, environment),
    repo.transactionStats(ctx.db, org.id, environment),
    countUsers(ctx.db, org.id),
    repo.recentMovements(ctx.db, org.id, environment, RECENT_ACTIVITY),
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
    recent_activity: movements.map((t) => {
      const refund = t.amount_refunded_minor > 0
      return {
        type: refund ? 'refund' : 'payment',
        transaction_id: t.public_id,
        amount: formatMinor(refund ? -t.amount_refunded_minor : t.net_amount_minor),
        currency: t.currency,
        status: t.status,
        at: (t.deposit_settled_at ?? t.paid_at ?? t.updated_at).toISOString(),
      }
    }),
  }
}

export async function listOrganizationUsers(ctx: AppContext, user: DashboardUser) {
  return (await listUsers(ctx.db, user.organizationId)).map((u) => ({
    id: u.id, email: u.email, role: u.role, two_factor_enabled: u.totp_enabled_at !== null, created_at: u.created_at.toISOString(),
  }))
}
