import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { principalOf, requireApiKey } from '../api-keys/index.ts'
import { errorResponses, IdParam } from '../../http/schemas.ts'
import { Transaction } from './transactions.schemas.ts'
import { getTransaction } from './transactions.service.ts'

export const transactionRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/transactions/:id/',
      {
        onRequest: requireApiKey(ctx, ['payments:read']),
        schema: {
          tags: ['Payments'],
          summary: 'Get a payment',
          description: 'Retrieve a payment by its public ID (e.g. TXabc123) or numeric ID. Requires payments:read.',
          security: [{ ApiKey: [] }],
          params: IdParam,
          response: { 200: Transaction, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => getTransaction(ctx.db, principalOf(request), request.params.id),
    )
  }
