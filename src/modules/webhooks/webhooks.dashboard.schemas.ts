import { Type } from '@sinclair/typebox'
import { DateTime, Nullable, StringEnum } from '../../http/schemas.ts'

export const EnvironmentField = StringEnum(['sandbox', 'production'] as const)

export const WebhookEndpoint = Type.Object({
  id: Type.String({ description: 'we_…' }),
  url: Type.String(),
  description: Nullable(Type.String()),
  environment: EnvironmentField,
  enabled: Type.Boolean(),
  disabled_reason: Nullable(Type.String()),
  event_types: Type.Array(Type.String(), { description: 'Empty = every event type.' }),
  created_at: DateTime,
  updated_at: DateTime,
}, { title: 'WebhookEndpoint' })

export const WebhookEndpointWithSecret = Type.Composite([WebhookEndpoint, Type.Object({
  secret: Type.String({ description: 'whsec_…: signing secret, shown only in this answer.' }),
})], { title: 'WebhookEndpointWithSecret' })

export const EndpointCreateBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2048 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  event_types: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50, description: 'Empty or omitted = every event type.' })),
  environment: Type.Optional(EnvironmentField),
})

export const EndpointPatchBody = Type.Object({
  url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
  description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  event_types: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
  enabled: Type.Optional(Type.Boolean({ description: 'Re-enabling clears the disable reason and the failure run.' })),
})

export const EndpointParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

export const QueuedDeliveries = Type.Object({
  event_id: Type.String(),
  deliveries: Type.Array(Type.Object({
    delivery_id: Type.String({ format: 'uuid' }),
    endpoint_id: Type.String(),
    event_id: Type.String(),
    event_type: Type.String(),
    kind: Type.String({ description: 'test, resend or replay.' }),
    status: Type.String(),
  })),
}, { title: 'QueuedWebhookDeliveries' })

export const Delivery = Type.Object({
  delivery_id: Type.String({ format: 'uuid' }),
  endpoint_id: Type.String(),
  event_id: Type.String(),
  event_type: Type.String(),
  kind: Type.String(),
  status: StringEnum(['pending', 'succeeded', 'failed'] as const),
  attempts: Type.Integer(),
  next_attempt_at: Nullable(DateTime),
  last_status_code: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  created_at: DateTime,
  completed_at: Nullable(DateTime),
}, { title: 'WebhookDelivery' })

export const DeliveryDetail = Type.Object({
  delivery_id: Type.String({ format: 'uuid' }),
  event_type: Type.String(),
  kind: Type.String(),
  status: StringEnum(['pending', 'succeeded', 'failed'] as const),
  attempts: Type.Array(Type.Object({
    attempt_number: Type.Integer(),
    attempted_at: DateTime,
    status_code: Nullable(Type.Integer()),
    duration_ms: Type.Integer(),
    error: Nullable(Type.String()),
    response_body: Nullable(Type.String({ description: 'First 2 KB of the answer.' })),
  })),
}, { title: 'WebhookDeliveryDetail' })
