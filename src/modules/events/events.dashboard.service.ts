import type { Database } from '../../db/database.ts'
import { notFound } from '../../lib/errors.ts'
import { boundedTotal, pageOf } from '../../lib/paging.ts'
import * as repo from './events.dashboard.repository.ts'

export type { EventScope } from './events.dashboard.repository.ts'

const summary = (r: {
  public_id: string
  type: string
  environment: 'sandbox' | 'production'
  subject_id: string | null
  transaction_id: string | null
  created_at: Date
}) => ({
  id: r.public_id,
  type: r.type,
  environment: r.environment,
  subject_id: r.subject_id,
  transaction_id: r.transaction_id,
  created_at: r.created_at.toISOString(),
})

/** One page of the event log, newest first; the total is exact up to COUNT_BOUND. */
export async function listEventsPage(
  db: Database,
  scope: repo.EventScope,
  query: { page?: number; page_size?: number; type?: string },
) {
  const { rows, counted } = await repo.listEvents(db, scope, { type: query.type }, pageOf(query))
  return { items: rows.map(summary), ...boundedTotal(counted) }
}

/** An event with its payload and every delivery made of it. */
export async function getEventDetail(db: Database, scope: repo.EventScope, publicId: string) {
  const row = /^evt_[A-Za-z0-9]{1,64}$/.test(publicId) ? await repo.findEvent(db, scope, publicId) : undefined
  if (!row) throw notFound('Event')
  const deliveries = await repo.listEventDeliveries(db, scope, row.id)
  return {
    ...summary(row),
    payload: row.payload,
    deliveries: deliveries.map((d) => ({
      delivery_id: d.delivery_id,
      endpoint_id: d.endpoint_public_id,
      endpoint_url: d.endpoint_url,
      kind: d.kind,
      status: d.status,
      attempts: d.attempts,
      last_status_code: d.last_status_code,
      last_error: d.last_error,
      created_at: d.created_at.toISOString(),
    })),
  }
}
