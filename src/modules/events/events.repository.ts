import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'
import { newEventId } from '../../lib/ids.ts'

export interface NewEvent {
  organizationId: number
  environment: Environment
  type: string
  subjectId: string | null
  payload: Record<string, unknown>
}

/** Several outbox rows in one statement, ids (and so delivery order) in the order given. */
export async function insertEvents(db: Database, events: NewEvent[]) {
  const rows = events.map((event) => {
    const publicId = newEventId()
    return {
      public_id: publicId,
      organization_id: event.organizationId,
      environment: event.environment,
      type: event.type,
      subject_id: event.subjectId,
      payload: JSON.stringify({ event_id: publicId, event: event.type, ...event.payload }),
    }
  })
  return db.insertInto('events').values(rows).returning(['id', 'public_id', 'created_at']).execute()
}

/** Outbox write: call inside the same DB transaction as the state change the event describes. */
export async function insertEvent(db: Database, event: NewEvent) {
  const publicId = newEventId()
  return db
    .insertInto('events')
    .values({
      public_id: publicId,
      organization_id: event.organizationId,
      environment: event.environment,
      type: event.type,
      subject_id: event.subjectId,
      payload: JSON.stringify({ event_id: publicId, event: event.type, ...event.payload }),
    })
    .returning(['id', 'public_id', 'created_at'])
    .executeTakeFirstOrThrow()
}
