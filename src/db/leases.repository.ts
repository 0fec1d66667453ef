import type { Database } from './database.ts'

/**
 * Hands back whatever these workers still hold (a shutdown that ran out of time): jobs and webhook
 * deliveries become claimable by another process now instead of when their lease expires.
 */
export async function releaseLeases(db: Database, workerIds: string[]): Promise<{ jobs: number; deliveries: number }> {
  if (workerIds.length === 0) return { jobs: 0, deliveries: 0 }
  const jobs = await db
    .updateTable('jobs')
    .set({ locked_until: null, locked_by: null })
    .where('locked_by', 'in', workerIds)
    .executeTakeFirst()
  const deliveries = await db
    .updateTable('webhook_deliveries')
    .set({ locked_until: null, locked_by: null })
    .where('locked_by', 'in', workerIds)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return { jobs: Number(jobs.numUpdatedRows), deliveries: Number(deliveries.numUpdatedRows) }
}
