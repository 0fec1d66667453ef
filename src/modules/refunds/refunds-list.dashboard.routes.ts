import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { errorResponses, IdParam, StringEnum } from '../../http/schemas.ts'
import { sendPage } from '../../http/paging.ts'
import { environmentOf, requireSession, sessionOf, SESSION_SECURITY } from '../auth/index.ts'
import { Refund, RefundListQuery } from './refunds.schemas.ts'
import { getRefund } from './refunds.service.ts'
import { listRefundsPage, REFUND_LIST_LINK_KEYS } from './refunds-list.service.ts'

// The dashboard's refund list and detail: the same filters and paging as GET /api/refunds/ (which is
// for API keys only), scoped by the session's organization and the environment switch.
const tags = ['Refunds']
const EnvironmentQuery = StringEnum(['sandbox', 'production'] as const, {
  description: 'Which data the dashboard works on; default sandbox.',
})

export const dashboardRefundListRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const anyRole = requireSession(ctx)

    app.get(
      '/organization/refunds/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          security: SESSION_SECURITY,
          summary: 'List refunds (dashboard)',
          description:
            'Filters, ordering and paging as GET /api/refunds/ (X-Total-Count, RFC 8288 Link); environment=sandbox|production, default sandbox. Every role.',
          querystring: Type.Composite([RefundListQuery, Type.Object({ environment: Type.Optional(EnvironmentQuery) })]),
          response: {
            200: Type.Array(Refund, {
              headers: {
                'X-Total-Count': { type: 'integer', description: 'Refunds matching the filters, across all pages.' },
                Link: { type: 'string', description: 'RFC 8288 links to the next, prev, first and last pages.' },
              },
            }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (request, reply) => {
        const { environment, ...query } = request.query
        const scope = {
          organizationId: sessionOf(request).organizationId,
          environment: environmentOf(request, environment),
        }
        return sendPage(ctx, request, reply, await listRefundsPage(ctx, scope, query), REFUND_LIST_LINK_KEYS)
      },
    )

    app.get(
      '/organization/refunds/:id/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          security: SESSION_SECURITY,
          summary: 'Get a refund (dashboard)',
          description: 'By public id (RF…) or numeric id, in the environment given (default sandbox). Every role.',
          params: IdParam,
          querystring: Type.Object({ environment: Type.Optional(EnvironmentQuery) }),
          response: { 200: Refund, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        getRefund(
          ctx.db,
          {
            organizationId: sessionOf(request).organizationId,
            environment: environmentOf(request, request.query.environment),
          },
          request.params.id,
        ),
    )
  }
