import type { Database } from '../../db/database.ts'
import type { TransactionRow } from '../transactions/transactions.service.ts'

// Money-movement entry points called by the payment lifecycle inside its DB transaction.
// The ledger (issue 4) gives these their postings; until it lands they post nothing.

/** The payment succeeded at the provider (status → paid). Deposit may still be pending. */
export async function onPaymentSucceeded(_trx: Database, _tx: TransactionRow): Promise<void> {}

/** The provider settled the deposit: funds become the merchant's (net of fees). Must be idempotent. */
export async function onDepositSettled(_trx: Database, _tx: TransactionRow): Promise<void> {}
