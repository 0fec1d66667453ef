import type { Database } from '../../db/database.ts'
import { percentOfBp } from '../../lib/money.ts'
import { findOrganization } from '../organizations/index.ts'
import type { TransactionRow } from './transactions.service.ts'
import { insertReserveHold, postEntry } from '../ledger/index.ts'
// Money-movement entry points called by the payment lifecycle inside its DB transaction.
// Both are idempotent: each movement has a unique posting key, so retries and races post once.

const scopeOf = (tx: TransactionRow) => ({ organizationId: tx.organization_id, environment: tx.environment })
const DAY_MS = 86_400_000

/** The payment succeeded at the provider (status → paid): the gross is owed to the merchant, pending the deposit. */
export async function onPaymentSucceeded(trx: Database, tx: TransactionRow): Promise<void> {
  await postEntry(trx, {
    scope: scopeOf(tx),
    currency: tx.currency,
    kind: 'payment_received',
    key: `payment:${tx.id}:received`,
    transactionId: tx.id,
    postings: [
      { account: 'provider_clearing', amountMinor: -tx.gross_amount_minor },
      { account: 'pending', amountMinor: tx.gross_amount_minor },
    ],
  })
}

/**
 * The provider settled the deposit: pending → available net of the fee (to platform fees), minus the
 * organization's rolling reserve, which is held until `rolling_reserve_days` after settlement.
 */
export async function onDepositSettled(trx: Database, tx: TransactionRow): Promise<void> {
  await onPaymentSucceeded(trx, tx) // a payment whose deposit settled at once may not have posted it yet
  const org = await findOrganization(trx, tx.organization_id)
  if (!org) throw new Error(`organization ${tx.organization_id} vanished`)
  const reserve = percentOfBp(tx.net_amount_minor, org.rolling_reserve_percent_bp)
  const posted = await postEntry(trx, {
    scope: scopeOf(tx),
    currency: tx.currency,
    kind: 'deposit_settled',
    key: `payment:${tx.id}:settled`,
    transactionId: tx.id,
    postings: [
      { account: 'pending', amountMinor: -tx.gross_amount_minor },
      { account: 'platform_fees', amountMinor: tx.fee_amount_minor },
      { account: 'reserve', amountMinor: reserve },
      { account: 'available', amountMinor: tx.net_amount_minor - reserve },
    ],
  })
  if (posted && reserve > 0) {
    const settledAt = tx.deposit_settled_at ?? new Date()
    await insertReserveHold(trx, {
      scope: scopeOf(tx),
      currency: tx.currency,
      transactionId: tx.id,
      amountMinor: reserve,
      releaseAt: new Date(settledAt.getTime() + org.rolling_reserve_days * DAY_MS),
    })
  }
}
