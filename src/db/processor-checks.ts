import type { Database } from './database.ts'

// The reconciliation schedule of whatever a processor has not finished (payments on its hosted page,
// refunds it decides later). Like jobs, a table of the platform: the checkout and refunds modules add
// rows, the worker's reconcile task reads the processor when a row is due. Kassa reads at 15 s, 1 min,
// 3 min, 10 min and 1 h after the start, then every 6 h until `stop_after` (7 days after the session
// expired): quick enough for a customer waiting on the page, sparse enough for a week-long straggler.

const FIRST_CHECKS_MS = [15_000, 60_000, 180_000, 600_000, 3_600_000]
const LATER_EVERY_MS = 6 * 3_600_000

/** When check number `n` (0-based) of something started at `startedAt` is due. */
export function checkDueAt(startedAt: Date, n: number): Date {
  const offset =
    n < FIRST_CHECKS_MS.length
      ? FIRST_CHECKS_MS[n]
      : FIRST_CHECKS_MS[FIRST_CHECKS_MS.length - 1] + (n - FIRST_CHECKS_MS.length + 1) * LATER_EVERY_MS
  return new Date(startedAt.getTime() + offset)
}

export type CheckKind = 'payment' | 'refund'

/** Starts the schedule of one subject (a no-op when it already has one). */
export async function scheduleCheck(
  db: Database,
  check: { kind: CheckKind; subjectId: number; startedAt: Date; stopAfter: Date },
) {
  await db
    .insertInto('processor_checks')
    .values({
      kind: check.kind,
      subject_id: check.subjectId,
      started_at: check.startedAt,
      next_check_at: checkDueAt(check.startedAt, 0),
      stop_after: check.stopAfter,
    })
    .onConflict((oc) => oc.columns(['kind', 'subject_id']).doNothing())
    .execute()
}

/** The subject reached a final state: no more reads. */
export async function endCheck(db: Database, kind: CheckKind, subjectId: number) {
  await db.deleteFrom('processor_checks').where('kind', '=', kind).where('subject_id', '=', subjectId).execute()
}

/** Claims due checks: the row lock (SKIP LOCKED) keeps two workers off the same one. */
export function claimDueChecks(db: Database, now: Date, limit: number) {
  return db
    .selectFrom('processor_checks')
    .selectAll()
    .where('next_check_at', '<=', now)
    .orderBy('next_check_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
}

/** After a read: the next due time, or the end of the schedule once past `stop_after`. */
export async function advanceCheck(
  db: Database,
  check: { id: number; checks: number; started_at: Date; stop_after: Date },
) {
  const next = checkDueAt(check.started_at, check.checks + 1)
  if (next > check.stop_after) {
    await db.deleteFrom('processor_checks').where('id', '=', check.id).execute()
    return
  }
  await db
    .updateTable('processor_checks')
    .set({ next_check_at: next, checks: check.checks + 1 })
    .where('id', '=', check.id)
    .execute()
}

/** Takes the due checks and moves each to its next time in one short transaction; the reads happen after. */
export function takeDueChecks(db: Database, now: Date, limit: number) {
  return db.transaction().execute(async (trx) => {
    const due = await claimDueChecks(trx, now, limit)
    for (const check of due) await advanceCheck(trx, check)
    return due
  })
}
