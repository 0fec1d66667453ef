import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'

// Which environment an object the dashboard names by id lives in, within the user's organization.
// The dashboard then calls the webhook services with that exact tenant scope.

type Lookup = { numeric: number } | { public: string }

export async function endpointEnvironment(
  db: Database,
  organizationId: number,
  id: Lookup,
): Promise<Environment | null> {
  let query = db
    .selectFrom('webhook_endpoints')
    .select('environment')
    .where('organization_id', '=', organizationId)
    .where('deleted_at', 'is', null)
  query = 'numeric' in id ? query.where('id', '=', id.numeric) : query.where('public_id', '=', id.public)
  return (await query.executeTakeFirst())?.environment ?? null
}

export async function deliveryEnvironment(
  db: Database,
  organizationId: number,
  deliveryId: string,
): Promise<Environment | null> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select('environment')
    .where('organization_id', '=', organizationId)
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst()
  return row?.environment ?? null
}

export async function eventEnvironment(
  db: Database,
  organizationId: number,
  publicId: string,
): Promise<Environment | null> {
  const row = await db
    .selectFrom('events')
    .select('environment')
    .where('organization_id', '=', organizationId)
    .where('public_id', '=', publicId)
    .executeTakeFirst()
  return row?.environment ?? null
}

export async function transactionEnvironment(
  db: Database,
  organizationId: number,
  id: Lookup,
): Promise<Environment | null> {
  let query = db.selectFrom('transactions').select('environment').where('organization_id', '=', organizationId)
  query = 'numeric' in id ? query.where('id', '=', id.numeric) : query.where('public_id', '=', id.public)
  return (await query.executeTakeFirst())?.environment ?? null
}
