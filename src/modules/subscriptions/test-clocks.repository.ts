import type { Insertable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { TestClocksTable } from './subscriptions.table.ts'

// SQL of sandbox test clocks. A clock belongs to one organization, in sandbox only.

export function insertClock(db: Database, row: Insertable<TestClocksTable>) {
  return db.insertInto('test_clocks').values(row).returningAll().executeTakeFirstOrThrow()
}

export function findSandboxClock(db: Database, organizationId: number, publicId: string) {
  return db
    .selectFrom('test_clocks')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('environment', '=', 'sandbox')
    .where('public_id', '=', publicId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
}

export async function deleteClock(db: Database, id: number, at: Date) {
  await db.updateTable('test_clocks').set({ deleted_at: at }).where('id', '=', id).execute()
}

/** Compare-and-set ready → advancing: true for the one caller that takes the clock. */
export async function claimClockAdvance(db: Database, id: number): Promise<boolean> {
  const taken = await db
    .updateTable('test_clocks')
    .set({ status: 'advancing' })
    .where('id', '=', id)
    .where('status', '=', 'ready')
    .executeTakeFirst()
  return Number(taken.numUpdatedRows) > 0
}

export async function releaseClock(db: Database, id: number) {
  await db.updateTable('test_clocks').set({ status: 'ready' }).where('id', '=', id).execute()
}

export async function setClockTime(db: Database, id: number, frozenTime: Date, updatedAt?: Date) {
  await db
    .updateTable('test_clocks')
    .set(updatedAt ? { frozen_time: frozenTime, updated_at: updatedAt } : { frozen_time: frozenTime })
    .where('id', '=', id)
    .execute()
}

export function listClockSubscriptions(db: Database, clockId: number) {
  return db.selectFrom('subscriptions').selectAll().where('test_clock_id', '=', clockId).execute()
}

export function findClockById(db: Database, id: number) {
  return db
    .selectFrom('test_clocks')
    .select(['public_id', 'frozen_time'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}
