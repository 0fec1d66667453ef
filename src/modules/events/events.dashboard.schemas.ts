import { Type } from '@sinclair/typebox'
import { DateTime, Nullable, StringEnum } from '../../http/schemas.ts'
import { PagingQuery } from '../../http/paging.ts'

// The dashboard's view of the event log: every event recorded for the organization (the outbox the
// webhook deliveries are made from), newest first.

const Environment = StringEnum(['sandbox', 'production'] as const, {
  description: 'The environment whose events are read; default sandbox (only sandbox on /sandbox/api/).',
})

export const EventListQuery = Type.Object({
  ...PagingQuery,
  environment: Type.Optional(Environment),
  type: Type.Optional(Type.String({ maxLength: 100, description: 'Only events of this type.' })),
})

export const EventDetailQuery = Type.Object({ environment: Type.Optional(Environment) })

export const EventParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 80 }) })

const eventFields = {
  id: Type.String({ description: 'Public id (evt_…).' }),
  type: Type.String({ description: 'Event type, as in the events reference.' }),
  environment: StringEnum(['sandbox', 'production'] as const),
  subject_id: Nullable(Type.String({ description: 'The object the event is about (TX…, RF…, we_…, sub_…).' })),
  transaction_id: Nullable(Type.String({ description: 'The related payment (TX…), when the event has one.' })),
  created_at: DateTime,
}

export const EventSummary = Type.Object(eventFields, { title: 'Event' })

export const EventDelivery = Type.Object({
  delivery_id: Type.String({ format: 'uuid' }),
  endpoint_id: Type.String({ description: 'we_…' }),
  endpoint_url: Type.String(),
  kind: StringEnum(['automatic', 'resend', 'replay', 'test'] as const),
  status: StringEnum(['pending', 'succeeded', 'failed'] as const),
  attempts: Type.Integer(),
  last_status_code: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  created_at: DateTime,
})

export const EventDetail = Type.Object(
  {
    ...eventFields,
    payload: Type.Record(Type.String(), Type.Unknown(), { description: 'The body every delivery of it carries.' }),
    deliveries: Type.Array(EventDelivery, { description: 'Where it was sent, newest first (up to 100).' }),
  },
  { title: 'EventDetail' },
)
