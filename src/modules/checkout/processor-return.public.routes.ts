import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { AppError } from '../../lib/errors.ts'
import { findSessionView, type SessionView } from './hosted-checkout.repository.ts'
import { loadSession, redirectUrlOf } from './hosted-checkout.service.ts'
import { checkoutUrl } from './checkout.service.ts'
import { returnFromProcessor } from './hosted-redirect.service.ts'

// GET /checkout/{token}/return and /checkout/{token}/cancel: the processor's page sends the customer
// back here. Kassa reads the payment, records it, then sends the browser on: to the merchant's
// successUrl/failedUrl/cancelUrl when the outcome is known (as a card payment does), else to its own
// page, which shows the result, the retry form or the payment as processing.

export const processorReturnPage =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    for (const kind of ['return', 'cancel'] as const) {
      app.get(
        `/checkout/:token/${kind}`,
        { schema: { hide: true, params: Type.Object({ token: Type.String({ maxLength: 2048 }) }) } },
        async (request, reply) => {
          const { token } = request.params
          let view: SessionView
          try {
            view = await loadSession(ctx, token)
          } catch (err) {
            if (err instanceof AppError && err.status === 404) return reply.redirect(checkoutUrl(ctx, token), 303)
            throw err
          }
          await returnFromProcessor(ctx, view)
          const after = (await findSessionView(ctx.db, view.public_id)) as SessionView
          return reply
            .header('cache-control', 'no-store')
            .header('referrer-policy', 'no-referrer')
            .redirect(redirectUrlOf(ctx, after, token) ?? checkoutUrl(ctx, token), 303)
        },
      )
    }
  }
