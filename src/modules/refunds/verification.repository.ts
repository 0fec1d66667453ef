import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'

// Refund verification codes. Every change is compare-and-set, so two requests racing with one code
// can never both use it, and the try counter can never be skipped.

export function insertCode(
  db: Database,
  row: { user_id: number; organization_id: number; code_hash: string; expires_at: Date; created_at: Date },
) {
  return db
    .insertInto('refund_verification_codes')
    .values(row)
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow()
}

/** A new code replaces the user's earlier ones: they stop working at once. */
export async function retireCodes(db: Database, userId: number, now: Date) {
  await db
    .updateTable('refund_verification_codes')
    .set({ expires_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .execute()
}

export async function countRecentCodes(db: Database, userId: number, since: Date): Promise<number> {
  const row = await db
    .selectFrom('refund_verification_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The user's newest code; older ones were retired when it was issued. */
export function findLatestCode(db: Database, userId: number) {
  return db
    .selectFrom('refund_verification_codes')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** Counts one wrong try; returns the tries used, or null when the code was used or out of tries meanwhile. */
export async function spendTry(db: Database, id: number, maxTries: number): Promise<number | null> {
  const row = await db
    .updateTable('refund_verification_codes')
    .set({ attempts: sql`attempts + 1` })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('attempts', '<', maxTries)
    .returning('attempts')
    .executeTakeFirst()
  return row ? row.attempts : null
}

/** Uses the code (once): false when another request used it first or it ran out of tries. */
export async function consumeCode(db: Database, id: number, maxTries: number, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('refund_verification_codes')
    .set({ used_at: now, attempts: sql`attempts + 1` })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('attempts', '<', maxTries)
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}
