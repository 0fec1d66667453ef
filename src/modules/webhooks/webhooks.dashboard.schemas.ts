import { Type } from '@sinclair/typebox'
import { StringEnum } from '../../http/schemas.ts'
import { UpdateWebhookEndpointBody, WebhookEndpoint } from './webhooks.schemas.ts'

// Dashboard request/answer shapes; the endpoint, delivery and queued-delivery shapes are the webhook
// service's own (webhooks.schemas.ts).
export {
  QueuedDeliveries,
  QueuedReplay,
  ReplayBody,
  WebhookDelivery as Delivery,
  WebhookDeliveryDetail as DeliveryDetail,
  WebhookEndpoint,
} from './webhooks.schemas.ts'

export const EnvironmentField = StringEnum(['sandbox', 'production'] as const)

/** Create and rotate answer: the endpoint's fields plus its secret, shown only here. */
export const WebhookEndpointWithSecret = Type.Composite(
  [
    WebhookEndpoint,
    Type.Object({
      secret: Type.String({ description: 'whsec_…: signing secret, shown only in this answer.' }),
    }),
  ],
  { title: 'WebhookEndpointCreated' },
)

export const EndpointCreateBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2048 }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  event_types: Type.Optional(
    Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50, description: 'Empty or omitted = every event type.' }),
  ),
  environment: Type.Optional(EnvironmentField),
})

export const EndpointPatchBody = UpdateWebhookEndpointBody

export const EndpointParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
