import type { Updateable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { CheckoutSessionsTable, DepositAttemptsTable } from '../../db/schema.ts'

// SQL of the hosted checkout. Sessions are found by their public id (the signed token names it).

export function findSessionView(db: Database, publicId: string) {
  return (
    db
      .selectFrom('checkout_sessions as s')
      .innerJoin('transactions as t', 't.checkout_session_id', 's.id')
      .innerJoin('organizations as o', 'o.id', 's.organization_id')
      .selectAll('s')
      .select([
        't.id as transaction_id',
        't.public_id as transaction_public_id',
        't.status as transaction_status',
        't.deposit_status',
        't.card_brand',
        't.card_last4',
        't.paid_at',
        'o.name as organization_name',
      ])
      // checkout_pending leaves a `processing` attempt: the page then shows the payment as in progress.
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('deposit_attempts as a')
              .select('a.id')
              .whereRef('a.transaction_id', '=', 't.id')
              .where('a.status', '=', 'processing'),
          )
          .as('has_processing_attempt'),
      )
      .where('s.public_id', '=', publicId)
      .executeTakeFirst()
  )
}

export type SessionView = NonNullable<Awaited<ReturnType<typeof findSessionView>>>

/** Row lock on the session: every change of a session's state goes through it. */
export function lockSession(db: Database, sessionId: number) {
  return db
    .selectFrom('checkout_sessions')
    .selectAll()
    .where('id', '=', sessionId)
    .forUpdate()
    .executeTakeFirstOrThrow()
}

export async function updateSession(db: Database, sessionId: number, patch: Updateable<CheckoutSessionsTable>) {
  await db.updateTable('checkout_sessions').set(patch).where('id', '=', sessionId).execute()
}

export function findTransactionForSession(db: Database, sessionId: number) {
  return db
    .selectFrom('transactions')
    .selectAll()
    .where('checkout_session_id', '=', sessionId)
    .forUpdate()
    .executeTakeFirstOrThrow()
}

export async function countAttemptsWithStatus(
  db: Database,
  transactionId: number,
  status: DepositAttemptsTable['status'],
) {
  const row = await db
    .selectFrom('deposit_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('transaction_id', '=', transactionId)
    .where('status', '=', status)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Open sessions past their expiry, oldest first (uses the partial index on open sessions). */
export async function findExpiredOpenSessionIds(db: Database, now: Date, limit: number) {
  const rows = await db
    .selectFrom('checkout_sessions')
    .select('id')
    .where('status', '=', 'open')
    .where('expires_at', '<=', now)
    // A subscription charge left open by a lost processor answer is reconciled by reading, never expired.
    .where('subscription_id', 'is', null)
    .orderBy('expires_at')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}

export async function findPendingDepositIds(db: Database, limit: number) {
  const rows = await db
    .selectFrom('transactions')
    .select('id')
    .where('deposit_status', '=', 'pending')
    .orderBy('paid_at')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}
