import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'

export type TenantScope = { organizationId: number; environment: Environment }

/** Lookup by public id or numeric id, always within one organization and environment. */
export function findTransaction(db: Database, scope: TenantScope, id: { numeric: number } | { public: string }) {
  let query = db
    .selectFrom('transactions')
    .selectAll()
    .where('organization_id', '=', scope.organizationId)
    .where('environment', '=', scope.environment)
  query = 'numeric' in id ? query.where('id', '=', id.numeric) : query.where('public_id', '=', id.public)
  return query.executeTakeFirst()
}

export function findTransactionById(db: Database, id: number) {
  return db.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Row-locks the payment for a state change (refund, settlement, attempt). */
export function lockTransaction(db: Database, id: number) {
  return db.selectFrom('transactions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export function listAttempts(db: Database, transactionId: number) {
  return db
    .selectFrom('deposit_attempts')
    .selectAll()
    .where('transaction_id', '=', transactionId)
    .orderBy('id', 'desc')
    .execute()
}
