import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'

export function insertEmail(
  db: Database,
  row: { organization_id: number | null; to_address: string; subject: string; body_text: string; created_at: Date },
) {
  return db.insertInto('email_outbox').values(row).returning(['id']).executeTakeFirstOrThrow()
}

/**
 * Compare-and-set claim: pending, or 'sending' whose lease ran out (a crashed sender). Whoever wins
 * sends; the inline sender and the worker job can never both deliver the same message.
 */
export function claimEmail(db: Database, id: number, leaseMs: number) {
  return db
    .updateTable('email_outbox')
    .set({
      status: 'sending',
      attempts: sql`attempts + 1`,
      locked_until: sql`now() + make_interval(secs => ${leaseMs / 1000})`,
    })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'pending'),
        eb.and([eb('status', '=', 'sending'), eb('locked_until', '<', sql<Date>`now()`)]),
      ]),
    )
    .returningAll()
    .executeTakeFirst()
}

export async function finishEmail(
  db: Database,
  id: number,
  outcome: { status: 'sent' | 'stored'; transport: string; at: Date },
) {
  await db
    .updateTable('email_outbox')
    .set({
      status: outcome.status,
      transport: outcome.transport,
      sent_at: outcome.at,
      locked_until: null,
      last_error: null,
    })
    .where('id', '=', id)
    .execute()
}

/** Back to pending so the next try (job retry) can claim it; 'failed' once the job gave up. */
export async function releaseEmail(db: Database, id: number, error: string, final: boolean) {
  await db
    .updateTable('email_outbox')
    .set({ status: final ? 'failed' : 'pending', locked_until: null, last_error: error.slice(0, 1000) })
    .where('id', '=', id)
    .execute()
}

export function findEmail(db: Database, id: number) {
  return db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function listEmails(
  db: Database,
  organizationId: number,
  toAddress: string | null,
  page: { limit: number; offset: number },
) {
  let base = db.selectFrom('email_outbox').where('organization_id', '=', organizationId)
  if (toAddress !== null) base = base.where(sql`lower(to_address)`, '=', toAddress.toLowerCase())
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}
