import { type Insertable, sql, type Updateable } from 'kysely'
import type { Database } from '../../db/database.ts'
import { prepared } from '../../db/prepared.ts'
import type { DepositAttemptsTable, Environment, PaymentStatus, TransactionsTable } from '../../db/schema.ts'

export type TenantScope = { organizationId: number; environment: Environment }

/**
 * Lookup by public id or numeric id, always within one organization and environment. The id lookup is
 * a MATERIALIZED CTE so the planner always uses the unique index: with stale statistics (a table that
 * grew fast since the last ANALYZE) it otherwise walked the tenant index, 25 ms at 40k payments.
 */
export function findTransaction(db: Database, scope: TenantScope, id: { numeric: number } | { public: string }) {
  return db
    .with(
      (cte) => cte('candidate').materialized(),
      (qb) => {
        const query = qb.selectFrom('transactions').selectAll()
        return 'numeric' in id ? query.where('id', '=', id.numeric) : query.where('public_id', '=', id.public)
      },
    )
    .selectFrom('candidate')
    .selectAll()
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
    .executeTakeFirst()
}

export function findTransactionById(db: Database, id: number) {
  return db.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Row-locks the payment for a state change (refund, settlement, attempt). */
export function lockTransaction(db: Database, id: number) {
  return db.selectFrom('transactions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/**
 * Finds and row-locks a payment in one statement, scoped to the tenant; the public id resolves through
 * its unique index first (as in findTransaction), so stale statistics cannot pick the tenant index.
 */
export function lockTransactionInScope(db: Database, scope: TenantScope, id: { numeric: number } | { public: string }) {
  const query = db
    .selectFrom('transactions')
    .selectAll()
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
  return (
    'numeric' in id
      ? query.where('id', '=', id.numeric)
      : query.where('id', '=', (eb) =>
          eb.selectFrom('transactions as t').select('t.id').where('t.public_id', '=', id.public),
        )
  )
    .forUpdate()
    .executeTakeFirst()
}

export function listAttempts(db: Database, transactionId: number) {
  return db
    .selectFrom('deposit_attempts')
    .selectAll()
    .where('transaction_id', '=', transactionId)
    .orderBy('id', 'desc')
    .execute()
}

/** The public id (sub_…) of the subscription a charge belongs to, or null for a checkout payment. */
export async function subscriptionPublicIdOf(db: Database, tx: { subscription_id: number | null }) {
  if (tx.subscription_id === null) return null
  const row = await db
    .selectFrom('subscriptions')
    .select('public_id')
    .where('id', '=', tx.subscription_id)
    .executeTakeFirst()
  return row?.public_id ?? null
}

/** The columns of a payment that its API object shows (serializeTransaction), and the subscription link. */
const API_COLUMNS = [
  'id',
  'public_id',
  'order_id',
  'status',
  'currency',
  'gross_amount_minor',
  'tax_amount_minor',
  'fee_amount_minor',
  'net_amount_minor',
  'amount_refunded_minor',
  'fx_rate_usd',
  'amount_usd_minor',
  'payer_email',
  'products',
  'deposit_status',
  'card_brand',
  'card_last4',
  'card_exp_month',
  'card_exp_year',
  'review_reason',
  'review_flagged_at',
  'created_at',
  'updated_at',
  'subscription_id',
  'charge_kind',
] as const

/** A deposit attempt as json_agg gives it: attempted_at is text (timestamptz in ISO 8601). */
export interface AttemptJson {
  status: DepositAttemptsTable['status']
  payment_id: string
  error_message: string | null
  payment_method: string
  attempted_at: string
}

/**
 * GET /api/transactions/{id}/ in ONE statement: the payment (found as in findTransaction, tenant-scoped),
 * its attempts newest first as a JSON array, and its subscription's public id.
 */
export async function findTransactionForApi(
  db: Database,
  scope: TenantScope,
  id: { numeric: number } | { public: string },
) {
  return (await transactionForApi(db, scope.organizationId, scope.environment, id))[0]
}

// Compiled once per id kind (see prepared()).
const transactionForApi = prepared(
  (db: Database, organizationId: number, environment: Environment, id: { numeric: number } | { public: string }) =>
    db
      .with(
        (cte) => cte('candidate').materialized(),
        (qb) => {
          const query = qb.selectFrom('transactions').select([...API_COLUMNS, 'organization_id', 'environment'])
          return 'numeric' in id ? query.where('id', '=', id.numeric) : query.where('public_id', '=', id.public)
        },
      )
      .selectFrom('candidate')
      .select(API_COLUMNS)
      .select((eb) => [
        eb
          .selectFrom('subscriptions')
          .select('subscriptions.public_id')
          .whereRef('subscriptions.id', '=', 'candidate.subscription_id')
          .as('subscription_public_id'),
        sql<AttemptJson[]>`(select coalesce(json_agg(json_build_object('status', a.status, 'payment_id', a.payment_id,
        'error_message', a.error_message, 'payment_method', a.payment_method, 'attempted_at', a.attempted_at)
        order by a.id desc), '[]') from deposit_attempts a where a.transaction_id = candidate.id)`.as('attempts'),
      ])
      .where('organization_id', '=', organizationId)
      .where('environment', '=', environment),
)

/** Compare-and-set on the status: the row when it was still `from`, undefined when another writer won. */
export function updateTransactionIfStatus(
  db: Database,
  id: number,
  from: PaymentStatus,
  patch: Updateable<TransactionsTable>,
) {
  return db
    .updateTable('transactions')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', from)
    .returningAll()
    .executeTakeFirst()
}

export async function insertDepositAttempt(db: Database, row: Insertable<DepositAttemptsTable>) {
  const attempt = await db.insertInto('deposit_attempts').values(row).returningAll().executeTakeFirstOrThrow()
  await db
    .updateTable('transactions')
    .set({ updated_at: attempt.attempted_at })
    .where('id', '=', row.transaction_id)
    .execute()
  return attempt
}
