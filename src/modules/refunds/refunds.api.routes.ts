import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { principalOf, requireApiKey } from '../api-keys/index.ts'
import { errorResponses, IdParam } from '../../http/schemas.ts'
import { Refund, RefundCreateBody, RefundCreated, RefundListQuery } from './refunds.schemas.ts'
import { createRefund, getRefund } from './refunds.service.ts'
import { listRefundsPage, REFUND_LIST_LINK_KEYS } from './refunds-list.service.ts'
import { sendPage } from '../../http/paging.ts'

const security = [{ ApiKey: [] }]
const WRITE = ['refunds:write', 'payments:write']
const READ = ['refunds:read', 'payments:read']

export const refundRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/transactions/:id/refund/',
      {
        onRequest: requireApiKey(ctx, WRITE),
        schema: {
          tags: ['Refunds'],
          summary: 'Refund a payment (full or partial)',
          description:
            'Request a full or partial refund for a paid transaction. Requires refunds:write or payments:write. ' +
            'The amount is held from the wallet while the refund is processed; subscribe to refund.status_changed for the outcome.',
          security,
          headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) }),
          params: IdParam,
          body: RefundCreateBody,
          response: { 200: RefundCreated, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => createRefund(ctx, principalOf(request), request.params.id, request.body),
    )

    app.get(
      '/refunds/',
      {
        onRequest: requireApiKey(ctx, READ),
        schema: {
          tags: ['Refunds'],
          summary: 'List refunds',
          description:
            "The organization's refunds, newest first by default. Paging in headers: X-Total-Count and an RFC 8288 Link (next, prev, first, last). Requires refunds:read or payments:read.",
          security,
          querystring: RefundListQuery,
          response: {
            200: Type.Array(Refund, {
              headers: {
                'X-Total-Count': {
                  type: 'integer',
                  description:
                    'Refunds matching the filters, across all pages: exact, except for a `search` matching more than 1,000 refunds, where it is 1,000 (a lower bound) and X-Total-Count-Exact is false.',
                },
                'X-Total-Count-Exact': {
                  type: 'string',
                  enum: ['true', 'false'],
                  description: '`false` when X-Total-Count is a lower bound (the count of a search stopped at 1,000).',
                },
                'X-Next-Cursor': {
                  type: 'string',
                  description:
                    'When the page is full: pass as `cursor` for the next page by keyset (fast at any depth).',
                },
                Link: {
                  type: 'string',
                  description:
                    'RFC 8288 links to the next, prev, first and last pages; no `last` when the total is a lower bound. With `cursor`, `next` continues by cursor.',
                },
              },
            }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (request, reply) => {
        const page = await listRefundsPage(ctx, principalOf(request), request.query)
        return sendPage(ctx, request, reply, page, REFUND_LIST_LINK_KEYS)
      },
    )

    app.get(
      '/refunds/:id/',
      {
        onRequest: requireApiKey(ctx, READ),
        schema: {
          tags: ['Refunds'],
          summary: 'Get a refund',
          description: 'By public id (e.g. RFabc123) or numeric id. Requires refunds:read or payments:read.',
          security,
          params: IdParam,
          response: { 200: Refund, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => getRefund(ctx.db, principalOf(request), request.params.id),
    )
    // POST /refunds/ (the dashboard's refund route; 405 for API keys) lives in modules/dashboard-refunds.
  }
