import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { errorResponses } from '../../http/schemas.ts'
import { environmentOf, requireSession, sessionOf, SESSION_SECURITY } from '../auth/index.ts'
import { Stats, StatsQuery } from './stats.schemas.ts'
import { getStats } from './stats.service.ts'

export const statsRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/organization/stats/',
      {
        onRequest: requireSession(ctx),
        schema: {
          tags: ['Dashboard'],
          summary: 'Overview charts: volume, payments, success rate and refunds per day',
          description:
            'from/to are UTC days (default: the last 30 days), interval=day, environment default sandbox. Answers from per-day aggregates kept with every payment and refund, so the cost does not grow with the number of payments. Checkouts never attempted are counted apart (incomplete_count) unless include_incomplete=true. Every role.',
          security: SESSION_SECURITY,
          querystring: StatsQuery,
          response: { 200: Stats, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { organizationId } = sessionOf(request)
        const environment = environmentOf(request, request.query.environment)
        return getStats(ctx.db, { organizationId, environment }, request.query, ctx.clock.now())
      },
    )
  }
