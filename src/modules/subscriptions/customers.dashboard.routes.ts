import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { sendPage } from '../../http/paging.ts'
import { errorResponses } from '../../http/schemas.ts'
import { environmentFilterOf, environmentOf, requireSession, SESSION_SECURITY, sessionOf } from '../auth/index.ts'
import {
  Customer,
  CustomerDetail,
  CustomerListQuery,
  CustomerParams,
  CustomerQuery,
  SubscriptionChange,
} from './customers.schemas.ts'
import { getCustomer, listCustomersFor, listSubscriptionHistory } from './customers.service.ts'
import { EnvironmentQuery, SubscriptionParams } from './subscriptions.schemas.ts'

// Read-only dashboard routes: customers (made by subscriptions) and a subscription's history.

const security = SESSION_SECURITY

export const customerRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const anyRole = requireSession(ctx)
    app.get(
      '/customers/',
      {
        onRequest: anyRole,
        schema: {
          tags: ['Customers'],
          security,
          summary: 'List customers',
          description:
            'Newest first, one environment (default sandbox); search by part of the email or the id. page/page_size, X-Total-Count, Link.',
          querystring: CustomerListQuery,
          response: { 200: Type.Array(Customer), ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) =>
        sendPage(
          ctx,
          request,
          reply,
          await listCustomersFor(
            ctx,
            sessionOf(request),
            environmentOf(request, request.query.environment),
            request.query,
          ),
        ),
    )

    app.get(
      '/customers/:id/',
      {
        onRequest: anyRole,
        schema: {
          tags: ['Customers'],
          security,
          summary: 'Get a customer with its subscriptions and payments',
          params: CustomerParams,
          querystring: CustomerQuery,
          response: { 200: CustomerDetail, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        getCustomer(ctx, sessionOf(request), request.params.id, environmentOf(request, request.query.environment)),
    )

    app.get(
      '/subscriptions/:id/history/',
      {
        onRequest: anyRole,
        schema: {
          tags: ['Subscriptions'],
          security,
          summary: "A subscription's history: who changed what, why, from which status to which, when",
          params: SubscriptionParams,
          querystring: EnvironmentQuery,
          response: { 200: Type.Array(SubscriptionChange), ...errorResponses(401, 403, 404) },
        },
      },
      async (request) =>
        listSubscriptionHistory(
          ctx,
          sessionOf(request),
          request.params.id,
          environmentFilterOf(request, request.query.environment),
        ),
    )
  }
