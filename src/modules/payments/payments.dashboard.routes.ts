import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import type { Environment } from '../../db/schema.ts'
import { isSandboxMirror } from '../api-keys/api-keys.guard.ts'
import { errorResponses, IdParam } from '../../http/schemas.ts'
import { environmentOf, requireSession, sessionOf, SESSION_SECURITY } from '../auth/auth.guard.ts'
import { EnvironmentField, PaymentDetail, PaymentListQuery, PaymentSummary } from './payments.schemas.ts'
import { getPaymentDetail, listPaymentsPage } from './payments.service.ts'
import type { PaymentScope } from './payments.repository.ts'

const tags = ['Dashboard payments']
const security = SESSION_SECURITY

/** By id: the payment is found in whichever environment it lives (sandbox only on the /sandbox/api/ mirror) unless one is named. */
function lookupScope(request: FastifyRequest, environment: Environment | undefined): PaymentScope {
  const { organizationId } = sessionOf(request)
  if (environment === undefined && !isSandboxMirror(request)) return { organizationId, environment: null }
  return { organizationId, environment: environmentOf(request, environment) }
}

export const paymentRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const anyRole = requireSession(ctx)

    app.get(
      '/payments/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: 'List payments (dashboard)',
          description:
            'The environment selector of the dashboard: environment=sandbox|production, default sandbox. Filters: status, currency, created_at__gte/__lte, search (payment id, order id, payer email). Paging as GET /api/refunds/: page/page_size, X-Total-Count and an RFC 8288 Link header. Every role.',
          querystring: PaymentListQuery,
          response: { 200: Type.Array(PaymentSummary), ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const page = await listPaymentsPage(
          ctx,
          {
            organizationId: sessionOf(request).organizationId,
            environment: environmentOf(request, request.query.environment),
          },
          request.query,
          request.url.split('?')[0],
        )
        return reply.headers(page.headers).send(page.body)
      },
    )

    app.get(
      '/payments/:id/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: 'Payment detail with attempts, refunds and events (dashboard)',
          description:
            'By public id (TX…) or numeric id, in the organization (any environment unless environment is given).',
          params: IdParam,
          querystring: Type.Object({ environment: Type.Optional(EnvironmentField) }),
          response: { 200: PaymentDetail, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => getPaymentDetail(ctx, lookupScope(request, request.query.environment), request.params.id),
    )
  }
