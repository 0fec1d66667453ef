import { Readable } from 'node:stream'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import type { Environment } from '../../db/schema.ts'
import { isSandboxMirror, environmentOf, requireSession, sessionOf, SESSION_SECURITY } from '../auth/index.ts'
import { errorResponses, IdParam } from '../../http/schemas.ts'
import { EnvironmentField, PaymentDetail, PaymentListQuery, PaymentSummary } from './payments.schemas.ts'
import { getPaymentDetail, listPaymentsPage, PAYMENT_LIST_LINK_KEYS } from './payments.service.ts'
import { sendPage } from '../../http/paging.ts'
import { exportPaymentsCsv } from './payments-export.service.ts'
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
            'The environment selector of the dashboard: environment=sandbox|production, default sandbox. Filters: status, currency, created_at__gte/__lte, search (payment id, order id, payer email). Paging as GET /api/refunds/: page/page_size, X-Total-Count and an RFC 8288 Link header; the count stops at 10,000, or 1,000 with a search (X-Total-Count-Exact: false, no Link last beyond it); `cursor` (the X-Next-Cursor of a full page) pages by keyset. Every role.',
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
        )
        return sendPage(ctx, request, reply, page, PAYMENT_LIST_LINK_KEYS)
      },
    )

    app.get(
      '/payments/export.csv',
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: 'Export the filtered payment list as CSV (dashboard)',
          description:
            'The filters and ordering of GET /api/payments/ (paging ignored: every matching payment), streamed as text/csv with a header row. `label` is the status the dashboard shows (`incomplete` for a checkout nobody tried to pay). Every role.',
          querystring: PaymentListQuery,
          produces: ['text/csv'],
          response: {
            200: Type.String({ description: 'CSV (RFC 4180, CRLF line ends), UTF-8.' }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (request, reply) => {
        const environment = environmentOf(request, request.query.environment)
        const csv = exportPaymentsCsv(
          ctx,
          { organizationId: sessionOf(request).organizationId, environment },
          request.query,
        )
        const day = ctx.clock.now().toISOString().slice(0, 10)
        return (
          reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="payments-${environment}-${day}.csv"`)
            .header('cache-control', 'no-store')
            // A stream, not the schema's string: Fastify pipes it without serializing.
            .send(Readable.from(csv) as unknown as string)
        )
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
