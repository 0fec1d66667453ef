import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'
import { newEventId } from '../../lib/ids.ts'
import type { EventPayload, EventType } from './events.schemas.ts'

export interface NewEvent<T extends EventType> {
  organizationId: number
  environment: Environment
  type: T
  subjectId: string | null
  payload: EventPayload<T>
}

/** Several outbox rows in one statement, ids (and so delivery order) in the order given. */
export async function insertEvents<T extends EventType>(db: Database, events: NewEvent<T>[]) {
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
export async function insertEvent<T extends EventType>(db: Database, event: NewEvent<T>) {
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
