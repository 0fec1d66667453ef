import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import type { Environment } from '../../db/schema.ts'
import { errorResponses } from '../../http/schemas.ts'
import { sendPage } from '../../http/paging.ts'
import { environmentOf, requireSession, sessionOf, SESSION_SECURITY } from '../auth/index.ts'
import { EventDetail, EventDetailQuery, EventListQuery, EventParams, EventSummary } from './events.dashboard.schemas.ts'
import { getEventDetail, listEventsPage, type EventScope } from './events.dashboard.service.ts'

const tags = ['Events']
const security = SESSION_SECURITY

const scopeOf = (request: FastifyRequest, environment: Environment | undefined): EventScope => ({
  organizationId: sessionOf(request).organizationId,
  environment: environmentOf(request, environment),
})

export const eventDashboardRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const anyRole = requireSession(ctx)

    app.get(
      '/organization/events/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: 'List events',
          description:
            'Every event recorded for the organization in one environment (default sandbox), newest first; filter by type. Paging with page/page_size (default 20); the total is in X-Total-Count (exact up to 10,000, see X-Total-Count-Exact), neighbours in Link. Every role.',
          querystring: EventListQuery,
          response: {
            200: Type.Array(EventSummary, {
              headers: {
                'X-Total-Count': { type: 'integer', description: 'Events matching the filters, across all pages.' },
                Link: { type: 'string', description: 'RFC 8288 links to the next, prev, first and last pages.' },
              },
            }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (request, reply) =>
        sendPage(
          ctx,
          request,
          reply,
          await listEventsPage(ctx.db, scopeOf(request, request.query.environment), request.query),
        ),
    )

    app.get(
      '/organization/events/:id/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: 'An event, its payload and its deliveries',
          description: 'The event in the environment named (default sandbox), with every webhook delivery made of it.',
          params: EventParams,
          querystring: EventDetailQuery,
          response: { 200: EventDetail, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => getEventDetail(ctx.db, scopeOf(request, request.query.environment), request.params.id),
    )
  }
