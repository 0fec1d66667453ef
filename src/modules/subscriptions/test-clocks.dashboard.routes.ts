import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { errorResponses } from '../../http/schemas.ts'
import { BUILDERS, requireSession, SESSION_SECURITY, sessionOf } from '../auth/index.ts'
import { SubscriptionParams, TestClock, TestClockBody } from './subscriptions.schemas.ts'
import { advanceClock, createClock, deleteClock, getClock } from './test-clocks.service.ts'

const tags = ['Test clocks']
const security = SESSION_SECURITY

export const testClockRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const anyRole = requireSession(ctx)
    const builders = requireSession(ctx, { roles: BUILDERS })
    app.post(
      '/test-clocks/',
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Create a sandbox test clock',
          body: TestClockBody,
          response: { 201: TestClock, ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createClock(ctx, sessionOf(request), request.body.frozen_time)),
    )
    app.get(
      '/test-clocks/:id/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: 'Get a test clock',
          params: SubscriptionParams,
          response: { 200: TestClock, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => getClock(ctx, sessionOf(request), request.params.id),
    )
    app.post(
      '/test-clocks/:id/advance/',
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Advance a test clock',
          description:
            'Runs everything due up to frozen_time in time order (trial ends, renewals, dunning retries, final actions), then answers.',
          params: SubscriptionParams,
          body: TestClockBody,
          response: { 200: TestClock, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => advanceClock(ctx, sessionOf(request), request.params.id, request.body.frozen_time),
    )
    app.delete(
      '/test-clocks/:id/',
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Delete a test clock',
          params: SubscriptionParams,
          response: { 204: { type: 'null', description: 'Archived.' }, ...errorResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await deleteClock(ctx, sessionOf(request), request.params.id)
        return reply.status(204).send()
      },
    )
  }
