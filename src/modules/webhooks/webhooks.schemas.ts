import { Type } from '@sinclair/typebox'
import { DateTime, Nullable, StringEnum } from '../../http/schemas.ts'

// Wire shapes of the webhook service functions, for the dashboard routes that expose them over HTTP.

const EventTypes = Type.Array(Type.String({ maxLength: 100 }), {
  maxItems: 50,
  description: 'Event types delivered; empty = all.',
})

export const WebhookEndpoint = Type.Object(
  {
    id: Type.String({ description: 'Public id (we_…).' }),
    url: Type.String(),
    description: Nullable(Type.String()),
    environment: StringEnum(['sandbox', 'production'] as const),
    enabled: Type.Boolean(),
    disabled_reason: Nullable(Type.String()),
    event_types: EventTypes,
    created_at: DateTime,
    updated_at: DateTime,
  },
  { title: 'WebhookEndpoint' },
)

export const WebhookEndpointWithSecret = Type.Object(
  {
    endpoint: WebhookEndpoint,
    secret: Type.String({ description: 'whsec_…, shown once.' }),
  },
  { title: 'WebhookEndpointWithSecret' },
)

export const CreateWebhookEndpointBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2048 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  event_types: Type.Optional(EventTypes),
})

export const UpdateWebhookEndpointBody = Type.Object({
  url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
  description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  event_types: Type.Optional(EventTypes),
  enabled: Type.Optional(Type.Boolean()),
})

const DeliveryStatus = StringEnum(['pending', 'succeeded', 'failed'] as const)
const DeliveryKind = StringEnum(['automatic', 'resend', 'replay', 'test'] as const)

const QueuedDelivery = Type.Object({
  delivery_id: Type.String({ format: 'uuid' }),
  endpoint_id: Type.String(),
  event_id: Type.String(),
  event_type: Type.String(),
  kind: DeliveryKind,
  status: DeliveryStatus,
})

export const QueuedDeliveries = Type.Object(
  { event_id: Type.String(), deliveries: Type.Array(QueuedDelivery) },
  { title: 'QueuedWebhookDeliveries' },
)

export const ReplayBody = Type.Object({
  from: Type.String({
    format: 'date-time',
    description: 'Replay events created at or after this time (last 30 days).',
  }),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'And before this time; default now.' })),
  event_types: Type.Optional(
    Type.Array(Type.String({ maxLength: 100 }), {
      maxItems: 50,
      description: "Only these types (within the endpoint's own filter); empty or omitted = every type it receives.",
    }),
  ),
})

export const QueuedReplay = Type.Object(
  {
    endpoint_id: Type.String(),
    from: DateTime,
    to: DateTime,
    deliveries: Type.Array(QueuedDelivery, { description: 'One new delivery (kind replay) per event, oldest first.' }),
  },
  { title: 'QueuedWebhookReplay' },
)

export const WebhookDelivery = Type.Object(
  {
    delivery_id: Type.String({ format: 'uuid' }),
    endpoint_id: Type.String(),
    event_id: Type.String(),
    event_type: Type.String(),
    kind: DeliveryKind,
    status: DeliveryStatus,
    attempts: Type.Integer(),
    next_attempt_at: Nullable(DateTime),
    last_status_code: Nullable(Type.Integer()),
    last_error: Nullable(Type.String()),
    created_at: DateTime,
    completed_at: Nullable(DateTime),
  },
  { title: 'WebhookDelivery' },
)

export const WebhookDeliveryDetail = Type.Object(
  {
    delivery_id: Type.String({ format: 'uuid' }),
    endpoint_id: Type.String({ description: 'The endpoint it was sent to (we_…).' }),
    event_id: Type.String({ description: 'The event it carries (evt_…).' }),
    event_type: Type.String(),
    kind: DeliveryKind,
    status: DeliveryStatus,
    created_at: DateTime,
    completed_at: Nullable(DateTime),
    next_attempt_at: Nullable(DateTime),
    attempts: Type.Array(
      Type.Object({
        attempt_number: Type.Integer(),
        request_headers: Nullable(
          Type.Record(Type.String(), Type.String(), {
            description:
              'The headers sent with this attempt (signatures included); null when no request was made (SSRF guard) or for attempts recorded before this field existed.',
          }),
        ),
        attempted_at: DateTime,
        status_code: Nullable(Type.Integer()),
        duration_ms: Type.Integer(),
        error: Nullable(Type.String()),
        response_body: Nullable(Type.String({ description: 'First 2 KB of the answer.' })),
      }),
    ),
  },
  { title: 'WebhookDeliveryDetail' },
)
