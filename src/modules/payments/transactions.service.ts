import type { Database } from '../../db/database.ts'
import { formatMinor } from '../../lib/money.ts'
import { parseLookupId } from '../../lib/ids.ts'
import { notFound } from '../../lib/errors.ts'
import { insertEvent } from '../events/index.ts'
import * as repo from './transactions.repository.ts'
import { serializeAttempt, serializeTransaction, type TransactionRow } from './payments.mapper.ts'

export type { TransactionRow }

export async function getTransaction(db: Database, scope: repo.TenantScope, rawId: string) {
  const id = parseLookupId(rawId, 'TX')
  const tx = id && (await repo.findTransactionForApi(db, scope, id))
  if (!tx) throw notFound('Transaction')
  const attempts = tx.attempts.map((a) => ({ ...a, attempted_at: new Date(a.attempted_at) }))
  return serializeTransaction(tx, attempts, tx.subscription_public_id)
}

/**
 * Records `transaction.status_changed` in the outbox with the payment's current state and full attempt
 * history. Call inside the transaction that changed the payment or its attempts.
 */
export async function recordTransactionChanged(db: Database, transactionId: number, current?: TransactionRow) {
  const tx = current?.id === transactionId ? current : await repo.findTransactionById(db, transactionId)
  if (!tx) throw new Error(`transaction ${transactionId} vanished`)
  const attempts = await repo.listAttempts(db, tx.id)
  return insertEvent(db, {
    organizationId: tx.organization_id,
    environment: tx.environment,
    type: 'transaction.status_changed',
    subjectId: tx.public_id,
    payload: {
      transaction_id: tx.public_id,
      order_id: tx.order_id,
      amount: formatMinor(tx.net_amount_minor),
      gross_amount: formatMinor(tx.gross_amount_minor),
      status: tx.status,
      currency: tx.currency,
      created_at: tx.created_at.toISOString(),
      updated_at: tx.updated_at.toISOString(),
      depositAttempts: attempts.map(serializeAttempt),
      ...(tx.subscription_id === null ? {} : { subscription_id: await repo.subscriptionPublicIdOf(db, tx) }),
    },
  })
}
