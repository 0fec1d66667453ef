import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import type { Environment } from '../../db/schema.ts'
import { isSandboxMirror, environmentOf, requireSession, sessionOf, SESSION_SECURITY, BUILDERS } from '../auth/index.ts'
import { errorResponses } from '../../http/schemas.ts'
import {
  Delivery,
  DeliveryDetail,
  EndpointCreateBody,
  EndpointParams,
  EndpointPatchBody,
  EnvironmentField,
  QueuedDeliveries,
  QueuedReplay,
  ReplayBody,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from './webhooks.dashboard.schemas.ts'
import * as dash from './webhooks.dashboard.service.ts'

const tags = ['Webhooks configuration']
const security = SESSION_SECURITY
const base = '/organization/webhooks'

/** The environment filter of a request: the one named (checked against the mirror), sandbox on the mirror, else none. */
function scopeOf(request: FastifyRequest, environment?: Environment): dash.DashboardScope {
  const user = sessionOf(request)
  if (environment !== undefined) return { user, environment: environmentOf(request, environment) }
  return { user, environment: isSandboxMirror(request) ? 'sandbox' : null }
}

export const webhookDashboardRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const anyRole = requireSession(ctx)
    const builders = requireSession(ctx, { roles: BUILDERS })
    const EnvQuery = Type.Object({ environment: Type.Optional(EnvironmentField) })

    app.get(
      `${base}/`,
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: 'List webhook endpoints',
          description:
            'Every role. Both environments unless environment is given (sandbox only on /sandbox/api/). Secrets are never listed.',
          querystring: EnvQuery,
          response: { 200: Type.Array(WebhookEndpoint), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => dash.listWebhookEndpoints(ctx, scopeOf(request, request.query.environment)),
    )

    app.post(
      `${base}/`,
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Add a webhook endpoint',
          description:
            'Owners, admins, developers. environment defaults to sandbox. The signing secret is in this answer only.',
          body: EndpointCreateBody,
          response: { 201: WebhookEndpointWithSecret, ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await dash.createWebhookEndpoint(ctx, scopeOf(request), request.body)),
    )

    app.post(
      `${base}/test/`,
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Send a test event',
          description: 'webhook.test to endpoint_id, or to every enabled endpoint of environment (default sandbox).',
          body: Type.Object({
            endpoint_id: Type.Optional(Type.String({ maxLength: 64 })),
            environment: Type.Optional(EnvironmentField),
          }),
          response: { 200: QueuedDeliveries, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => dash.sendWebhookTest(ctx, scopeOf(request), request.body),
    )

    app.post(
      `${base}/resend/`,
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Resend an event to an endpoint',
          description: 'Any event of the last 30 days, with a fresh delivery id.',
          body: Type.Object({ event_id: Type.String({ maxLength: 80 }), endpoint_id: Type.String({ maxLength: 64 }) }),
          response: { 200: QueuedDeliveries, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => dash.resendWebhookEvent(ctx, scopeOf(request), request.body),
    )

    app.post(
      `${base}/resend-transaction/`,
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Resend transaction.status_changed for a payment',
          description:
            "The payment's current state, to endpoint_id or to every enabled endpoint of the payment's environment.",
          body: Type.Object({
            transaction_id: Type.String({ maxLength: 64 }),
            endpoint_id: Type.Optional(Type.String({ maxLength: 64 })),
          }),
          response: { 200: QueuedDeliveries, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => dash.resendTransactionWebhook(ctx, scopeOf(request), request.body),
    )

    app.get(
      `${base}/deliveries/`,
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: 'List webhook deliveries',
          description:
            'Newest first; filter by endpoint_id, environment or transaction_id (a payment’s events); before=<delivery_id> pages further back.',
          querystring: Type.Object({
            endpoint_id: Type.Optional(Type.String({ maxLength: 64 })),
            environment: Type.Optional(EnvironmentField),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            before: Type.Optional(
              Type.String({ maxLength: 64, description: 'A delivery_id from the previous page: pages further back.' }),
            ),
            transaction_id: Type.Optional(
              Type.String({ maxLength: 64, description: 'Only deliveries of this payment’s events (public id TX…).' }),
            ),
          }),
          response: { 200: Type.Array(Delivery), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => dash.listWebhookDeliveries(ctx, scopeOf(request, request.query.environment), request.query),
    )

    app.get(
      `${base}/deliveries/:delivery_id/`,
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: 'A delivery and its attempts',
          params: Type.Object({ delivery_id: Type.String({ maxLength: 64 }) }),
          response: { 200: DeliveryDetail, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => dash.getWebhookDelivery(ctx, scopeOf(request), request.params.delivery_id),
    )

    app.get(
      `${base}/:id/`,
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: 'Get a webhook endpoint',
          params: EndpointParams,
          response: { 200: WebhookEndpoint, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => dash.getWebhookEndpoint(ctx, scopeOf(request), request.params.id),
    )

    app.patch(
      `${base}/:id/`,
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Update a webhook endpoint',
          description: 'url, description, event_types, enabled.',
          params: EndpointParams,
          body: EndpointPatchBody,
          response: { 200: WebhookEndpoint, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => dash.updateWebhookEndpoint(ctx, scopeOf(request), request.params.id, request.body),
    )

    app.delete(
      `${base}/:id/`,
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Delete a webhook endpoint',
          description: 'Nothing more is sent; the delivery history stays readable.',
          params: EndpointParams,
          response: {
            200: Type.Object({ id: Type.String(), deleted: Type.Boolean() }),
            ...errorResponses(401, 403, 404),
          },
        },
      },
      async (request) => dash.deleteWebhookEndpoint(ctx, scopeOf(request), request.params.id),
    )

    app.post(
      `${base}/:id/rotate-secret/`,
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: "Rotate an endpoint's signing secret",
          description: 'The new secret replaces the old one at once and is shown only in this answer.',
          params: EndpointParams,
          response: { 200: WebhookEndpointWithSecret, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => dash.rotateWebhookSecret(ctx, scopeOf(request), request.params.id),
    )

    app.post(
      `${base}/:id/replay/`,
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Replay the events of a time range to one endpoint',
          description:
            'Every event created in [from, to) (default to: now; the last 30 days only) that the endpoint receives (its event filter, narrowed by event_types), oldest first, each as a new delivery of kind replay. At most 1000 events per call: a longer range answers 400 on from. webhook.test events are never replayed.',
          params: EndpointParams,
          body: ReplayBody,
          response: { 200: QueuedReplay, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => dash.replayWebhookEvents(ctx, scopeOf(request), request.params.id, request.body),
    )

    app.post(
      `${base}/:id/test/`,
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Send a test event to one endpoint',
          params: EndpointParams,
          response: { 200: QueuedDeliveries, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => dash.sendWebhookTest(ctx, scopeOf(request), { endpoint_id: request.params.id }),
    )

    app.post(
      '/payments/:id/resend-webhook/',
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Resend transaction.status_changed for a payment',
          description:
            'Same as POST /api/organization/webhooks/resend-transaction/ for this payment, to every enabled endpoint.',
          params: EndpointParams,
          response: { 200: QueuedDeliveries, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => dash.resendTransactionWebhook(ctx, scopeOf(request), { transaction_id: request.params.id }),
    )
  }
