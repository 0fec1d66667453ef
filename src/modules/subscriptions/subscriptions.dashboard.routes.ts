import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { errorResponses } from '../../http/schemas.ts'
import { sendPage } from '../../http/paging.ts'
import {
  BUILDERS,
  environmentFilterOf,
  environmentOf,
  requireSession,
  SESSION_SECURITY,
  sessionOf,
} from '../auth/index.ts'
import {
  CancelBody,
  ChangeBody,
  ChangePreview,
  ChargeBody,
  EnvironmentQuery,
  Subscription,
  SubscriptionCharge,
  SubscriptionCreateBody,
  SubscriptionListQuery,
  SubscriptionParams,
} from './subscriptions.schemas.ts'
import * as service from './subscriptions.service.ts'
import { createSubscription } from './subscription-start.service.ts'
import { applyChange, previewChange } from './subscription-changes.service.ts'

const tags = ['Subscriptions']
const security = SESSION_SECURITY

export const subscriptionRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const anyRole = requireSession(ctx)
    const builders = requireSession(ctx, { roles: BUILDERS })
    const env = (request: Parameters<typeof environmentFilterOf>[0], given?: 'sandbox' | 'production') =>
      environmentFilterOf(request, given)
    const post = { onRequest: builders }

    app.get(
      '/subscriptions/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: 'List subscriptions',
          description:
            'Newest first; filters status, customer (email), product_id. page/page_size, X-Total-Count, Link.',
          querystring: SubscriptionListQuery,
          response: { 200: Type.Array(Subscription), ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) =>
        sendPage(
          ctx,
          request,
          reply,
          await service.listSubscriptionsFor(
            ctx,
            sessionOf(request),
            env(request, request.query.environment),
            request.query,
          ),
        ),
    )

    app.post(
      '/subscriptions/',
      {
        ...post,
        schema: {
          tags,
          security,
          summary: 'Create a subscription',
          description:
            'Starts `incomplete`; checkout_url is the page where the customer pays the first charge (with a trial: saves the card) and agrees to later charges.',
          body: SubscriptionCreateBody,
          response: { 201: Subscription, ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await createSubscription(
              ctx,
              sessionOf(request),
              environmentOf(request, request.body.environment),
              request.body,
            ),
          ),
    )

    app.get(
      '/subscriptions/:id/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: 'Get a subscription with its charges',
          params: SubscriptionParams,
          querystring: EnvironmentQuery,
          response: { 200: Subscription, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) =>
        service.getSubscription(ctx, sessionOf(request), request.params.id, env(request, request.query.environment)),
    )

    app.patch(
      '/subscriptions/:id/',
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Change plan, quantity or metadata',
          description:
            'Takes effect now; with create_prorations the unused time is credited and the rest of the period of the new plan charged at once.',
          params: SubscriptionParams,
          body: ChangeBody,
          response: { 200: Subscription, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        await applyChange(ctx, sessionOf(request), request.params.id, request.body, env(request, undefined))
        return service.getSubscription(ctx, sessionOf(request), request.params.id, env(request, undefined))
      },
    )

    app.post(
      '/subscriptions/:id/preview/',
      {
        ...post,
        schema: {
          tags,
          security,
          summary: 'Preview a change: the exact charge and lines PATCH would make, without making it',
          params: SubscriptionParams,
          body: ChangeBody,
          response: { 200: ChangePreview, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        previewChange(ctx, sessionOf(request), request.params.id, request.body, env(request, undefined)),
    )

    app.delete(
      '/subscriptions/:id/',
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Archive a subscription without charges',
          description: '409 subscription_has_charges once it has charges.',
          params: SubscriptionParams,
          response: { 204: { type: 'null', description: 'Archived.' }, ...errorResponses(401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await service.deleteSubscription(ctx, sessionOf(request), request.params.id, env(request, undefined))
        return reply.status(204).send()
      },
    )

    app.post(
      '/subscriptions/:id/cancel/',
      {
        ...post,
        schema: {
          tags,
          security,
          summary: 'Cancel at period end or now',
          params: SubscriptionParams,
          body: Type.Optional(CancelBody),
          response: { 200: Subscription, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        service.cancelSubscription(
          ctx,
          sessionOf(request),
          request.params.id,
          request.body?.at_period_end ?? true,
          env(request, undefined),
        ),
    )

    app.post(
      '/subscriptions/:id/resume/',
      {
        ...post,
        schema: {
          tags,
          security,
          summary: 'Undo a pending cancel, or resume a paused subscription',
          params: SubscriptionParams,
          response: { 200: Subscription, ...errorResponses(401, 403, 404, 409) },
        },
      },
      async (request) =>
        service.resumeSubscription(ctx, sessionOf(request), request.params.id, env(request, undefined)),
    )

    app.post(
      '/subscriptions/:id/pause/',
      {
        ...post,
        schema: {
          tags,
          security,
          summary: 'Pause a subscription',
          params: SubscriptionParams,
          response: { 200: Subscription, ...errorResponses(401, 403, 404, 409) },
        },
      },
      async (request) => service.pauseSubscription(ctx, sessionOf(request), request.params.id, env(request, undefined)),
    )

    app.get(
      '/subscriptions/:id/charges/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: "A subscription's charges",
          params: SubscriptionParams,
          response: { 200: Type.Array(SubscriptionCharge), ...errorResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const result = await service.listSubscriptionCharges(
          ctx,
          sessionOf(request),
          request.params.id,
          env(request, undefined),
        )
        return reply.header('x-total-count', result.total).send(result.items)
      },
    )

    app.post(
      '/subscriptions/:id/charges/',
      {
        ...post,
        schema: {
          tags,
          security,
          summary: 'Charge now: a manual charge, or retry the open failed charge',
          description: 'Send an Idempotency-Key. Concurrent retries make one charge.',
          params: SubscriptionParams,
          headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 255 })) }),
          body: ChargeBody,
          response: { 201: SubscriptionCharge, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await service.createSubscriptionCharge(
              ctx,
              sessionOf(request),
              request.params.id,
              request.body,
              env(request, undefined),
            ),
          ),
    )
  }
