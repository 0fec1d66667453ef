import type { Database } from '../../db/database.ts'

export async function claimKey(
  db: Database,
  row: { scope: string; key: string; request_hash: string; created_at: Date; expires_at: Date },
) {
  return db
    .insertInto('idempotency_keys')
    .values(row)
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning(['id'])
    .executeTakeFirst()
}

export function findKey(db: Database, scope: string, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst()
}

export async function deleteKey(db: Database, id: number) {
  await db.deleteFrom('idempotency_keys').where('id', '=', id).execute()
}

/** Frees a key whose request never finished; compare-and-set so a key just completed or re-claimed stays. */
export async function deleteAbandonedKey(db: Database, id: number, abandonedBefore: Date) {
  await db
    .deleteFrom('idempotency_keys')
    .where('id', '=', id)
    .where('state', '=', 'in_flight')
    .where('created_at', '<=', abandonedBefore)
    .execute()
}

export async function completeKey(db: Database, id: number, status: number, body: string) {
  await db
    .updateTable('idempotency_keys')
    .set({ state: 'done', response_status: status, response_body: body })
    .where('id', '=', id)
    .execute()
}

export async function purgeExpired(db: Database, now: Date) {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}
