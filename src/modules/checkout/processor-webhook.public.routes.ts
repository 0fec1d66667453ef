import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { errorResponses } from '../../http/schemas.ts'
import { receiveProcessorWebhook } from './processor-webhook.service.ts'

// Inbound processor webhooks (no credentials: the processor's signature authenticates). The body is
// kept as the exact bytes received, because the signature covers them; nothing parses it before
// the signature is verified.

export const processorWebhookRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.removeAllContentTypeParsers()
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_request, body, done) =>
      done(null, body),
    )

    app.post(
      '/providers/:provider/webhook/',
      {
        schema: {
          tags: ['Processors'],
          security: [],
          summary: 'Inbound card processor webhook',
          description:
            'Where a card processor reports payment changes (Inflow: register `<PUBLIC_URL>/api/providers/inflow/webhook/`). The Svix signature and timestamp (5 minutes) are verified before the body is read; bad → 400 and nothing changes. Each event is confirmed by reading the payment at the processor before anything moves; duplicates and replays change nothing.',
          params: Type.Object({ provider: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,31}$' }) }),
          response: {
            200: Type.Object(
              {
                received: Type.Boolean(),
                duplicate: Type.Boolean({ description: 'This delivery id was received before; nothing was done.' }),
              },
              { title: 'ProcessorWebhookReceipt' },
            ),
            ...errorResponses(400, 404),
          },
        },
      },
      async (request) =>
        receiveProcessorWebhook(
          ctx,
          request.params.provider,
          typeof request.body === 'string' ? request.body : '',
          request.headers,
        ),
    )
  }
