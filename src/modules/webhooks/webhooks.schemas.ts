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

export const QueuedDeliveries = Type.Object(
  {
    event_id: Type.String(),
    deliveries: Type.Array(
      Type.Object({
        delivery_id: Type.String({ format: 'uuid' }),
        endpoint_id: Type.String(),
        event_id: Type.String(),
        event_type: Type.String(),
        kind: DeliveryKind,
        status: DeliveryStatus,
      }),
    ),
  },
  { title: 'QueuedWebhookDeliveries' },
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
    event_type: Type.String(),
    kind: DeliveryKind,
    status: DeliveryStatus,
    attempts: Type.Array(
      Type.Object({
        attempt_number: Type.Integer(),
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
