import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'
import type { ProcessorPaymentsTable } from './processor-payments.table.ts'

// SQL of payments made on a processor's hosted page, their reconciliation schedule and the dedupe
// records of inbound webhooks.

export type ProcessorPaymentRow = Selectable<ProcessorPaymentsTable>

export function insertProcessorPayment(db: Database, row: Insertable<ProcessorPaymentsTable>) {
  return db.insertInto('processor_payments').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function updateProcessorPayment(db: Database, id: number, patch: Updateable<ProcessorPaymentsTable>) {
  await db.updateTable('processor_payments').set(patch).where('id', '=', id).execute()
}

/** The latest attempts of a session, newest first (a session has a handful at most). */
export function findSessionProcessorPayments(db: Database, sessionId: number) {
  return db
    .selectFrom('processor_payments')
    .selectAll()
    .where('checkout_session_id', '=', sessionId)
    .orderBy('id', 'desc')
    .limit(20)
    .execute()
}

export function findProcessorPaymentById(db: Database, id: number) {
  return db.selectFrom('processor_payments').selectAll().where('id', '=', id).executeTakeFirst()
}

export function lockProcessorPayment(db: Database, id: number) {
  return db.selectFrom('processor_payments').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow()
}

/** The attempt a webhook or a read names: by the processor's id, else by Kassa's reference (a lost create). */
export function findByProviderIdOrReference(
  db: Database,
  scope: { provider: string; environment: Environment },
  providerPaymentId: string,
  reference: string | null,
) {
  return db
    .selectFrom('processor_payments')
    .selectAll()
    .where('provider', '=', scope.provider)
    .where('environment', '=', scope.environment)
    .where((eb) =>
      reference
        ? eb.or([eb('provider_payment_id', '=', providerPaymentId), eb('reference', '=', reference)])
        : eb('provider_payment_id', '=', providerPaymentId),
    )
    .orderBy('id')
    .executeTakeFirst()
}

/** A redirect URL Kassa already received from this processor: the pattern of its pay page. */
export async function findSampleRedirectUrl(db: Database, scope: { provider: string; environment: Environment }) {
  const row = await db
    .selectFrom('processor_payments')
    .select(['redirect_url', 'provider_payment_id'])
    .where('provider', '=', scope.provider)
    .where('environment', '=', scope.environment)
    .where('redirect_url', 'is not', null)
    .where('provider_payment_id', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row as { redirect_url: string; provider_payment_id: string } | undefined
}

// --- inbound webhook dedupe ------------------------------------------------------------------------

/** True the first time a delivery id is seen (the processor's retries and replays repeat it). */
export async function recordDelivery(
  db: Database,
  delivery: { provider: string; environment: Environment; deliveryId: string; events: number },
): Promise<boolean> {
  const row = await db
    .insertInto('processor_webhook_deliveries')
    .values({
      provider: delivery.provider,
      environment: delivery.environment,
      delivery_id: delivery.deliveryId,
      events: delivery.events,
    })
    .onConflict((oc) => oc.columns(['provider', 'environment', 'delivery_id']).doNothing())
    .returning('delivery_id')
    .executeTakeFirst()
  return row !== undefined
}

/** True the first time (payment, status, updatedAt) is seen: the same change in another delivery is a duplicate. */
export async function recordPaymentChange(
  db: Database,
  change: { provider: string; environment: Environment; providerPaymentId: string; status: string; updatedAt: string },
): Promise<boolean> {
  const row = await db
    .insertInto('processor_payment_changes')
    .values({
      provider: change.provider,
      environment: change.environment,
      provider_payment_id: change.providerPaymentId,
      status: change.status,
      provider_updated_at: change.updatedAt,
    })
    .onConflict((oc) =>
      oc.columns(['provider', 'environment', 'provider_payment_id', 'status', 'provider_updated_at']).doNothing(),
    )
    .returning('status')
    .executeTakeFirst()
  return row !== undefined
}

/** What Kassa charged for the session of a processor payment (scoped by organization and environment). */
export function findSessionAmount(
  db: Database,
  row: Pick<ProcessorPaymentRow, 'checkout_session_id' | 'organization_id' | 'environment'>,
) {
  return db
    .selectFrom('checkout_sessions')
    .select(['total_minor', 'currency'])
    .where('id', '=', row.checkout_session_id)
    .where('organization_id', '=', row.organization_id)
    .where('environment', '=', row.environment)
    .executeTakeFirstOrThrow()
}

/** Deposit pending → succeeded, compare-and-set: the updated payment, or undefined when it was not pending. */
export function settlePendingDeposit(db: Database, transactionId: number, now: Date) {
  return db
    .updateTable('transactions')
    .set({ deposit_status: 'succeeded', deposit_settled_at: now, updated_at: now })
    .where('id', '=', transactionId)
    .where('deposit_status', '=', 'pending')
    .returningAll()
    .executeTakeFirst()
}

/** The first reason is kept: a later mismatch does not overwrite what a person is already looking at. */
export async function setReviewFlag(db: Database, transactionId: number, reason: string, now: Date) {
  await db
    .updateTable('transactions')
    .set({ review_reason: reason, review_flagged_at: now, updated_at: now })
    .where('id', '=', transactionId)
    .where('review_reason', 'is', null)
    .execute()
}

export async function countAttemptsOfProviderPayment(db: Database, transactionId: number, providerPaymentId: string) {
  const row = await db
    .selectFrom('deposit_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('transaction_id', '=', transactionId)
    .where('payment_id', '=', providerPaymentId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
