import type { Database } from '../../db/database.ts'
import {
  type CustomerAccountKey,
  lockCustomerAccount,
  sumCustomerCredit,
  sumCustomerCredits,
} from './customer-credit.repository.ts'
import { lockAccountsOf, insertEntryWithPostings } from './ledger.repository.ts'

export type { CustomerAccountKey } from './customer-credit.repository.ts'

// Customer credit (from proration) lives in the ledger: a `customer_credit` account per customer and
// currency, mirrored on the merchant's side by the tenant's `credit_issued` account. Granting credit
// moves it from credit_issued to the customer; applying it to a charge moves it back. Lock order: the
// subscription row, then the customer's account (lockCustomerCredit), then the tenant's accounts.

/** The customer's credit balance in minor units, derived from the ledger entries of its account. */
export function customerCreditBalance(db: Database, key: CustomerAccountKey): Promise<number> {
  return sumCustomerCredit(db, key)
}

/** A customer's credit balances, one per currency (from the ledger entries). */
export function customerCreditBalances(db: Database, customerId: number) {
  return sumCustomerCredits(db, customerId)
}

/**
 * Locks the customer's credit account until commit and returns its balance: call it before reading the
 * balance to spend it, so two charges of one customer cannot spend the same credit.
 */
export async function lockCustomerCredit(trx: Database, key: CustomerAccountKey): Promise<number> {
  return (await lockCustomerAccount(trx, key)).balance_minor
}

export interface CreditMovement extends CustomerAccountKey {
  /** `credit_granted`: merchant → customer; `credit_applied`: customer → merchant (paid toward a charge). */
  kind: 'credit_granted' | 'credit_applied'
  /** Unique per movement; posting it again is a no-op. */
  key: string
  amountMinor: number
  memo?: string
}

/** Posts one balanced credit movement in the caller's transaction, once per key. Zero posts nothing. */
export async function postCustomerCredit(trx: Database, m: CreditMovement): Promise<boolean> {
  if (m.amountMinor === 0) return false
  if (!Number.isSafeInteger(m.amountMinor) || m.amountMinor < 0)
    throw new Error(`credit movement ${m.key} needs a positive integer amount, got ${m.amountMinor}`)
  const customer = await lockCustomerAccount(trx, m)
  const tenant = await lockAccountsOf(trx, m.scope, m.currency)
  const issued = tenant.find((a) => a.kind === 'credit_issued')
  if (!issued) throw new Error(`credit_issued account missing for org ${m.scope.organizationId}`)
  const toCustomer = m.kind === 'credit_granted' ? m.amountMinor : -m.amountMinor
  return insertEntryWithPostings(
    trx,
    {
      organization_id: m.scope.organizationId,
      environment: m.scope.environment,
      currency: m.currency,
      kind: m.kind,
      posting_key: m.key,
      memo: m.memo ?? null,
    },
    [
      { accountId: customer.id, amountMinor: toCustomer },
      { accountId: issued.id, amountMinor: -toCustomer },
    ].sort((a, b) => a.accountId - b.accountId),
  )
}
