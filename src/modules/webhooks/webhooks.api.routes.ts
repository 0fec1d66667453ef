import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { principalOf, requireApiKey } from '../api-keys/index.ts'
import { errorResponses } from '../../http/schemas.ts'
import { streamSandboxEvents } from './stream.ts'

export const webhookRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Open streams never go idle, so the server would wait for them forever on shutdown: end them first.
    const openStreams = new Set<() => void>()
    app.addHook('preClose', async () => {
      for (const end of openStreams) end()
    })
    app.get(
      '/webhooks/stream/',
      {
        onRequest: requireApiKey(ctx, ['payments:read', 'refunds:read']),
        schema: {
          tags: ['Webhooks'],
          summary: 'Stream sandbox events (server-sent events)',
          description:
            "What `kassa listen` connects to: a `ready` event, then every event of the organization's sandbox as it is recorded (`id` = event_id, `event` = type, `data` = the webhook payload). Sandbox API keys with payments:read or refunds:read only.",
          security: [{ ApiKey: [] }],
          response: {
            200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: Type.String() } } },
            ...errorResponses(401, 403),
          },
        },
      },
      async (request, reply) => streamSandboxEvents(ctx, principalOf(request), request, reply, openStreams),
    )
  }
