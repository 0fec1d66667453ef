import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import type { AppContext } from '../../context.ts'
import { AppError } from '../../lib/errors.ts'
import { billingView, cancelFromBillingPage, submitCard } from './billing.service.ts'
import { billingPage } from './billing.views.ts'

/** GET /billing/{token}: the customer page; POST …/card and …/cancel: its forms (urlencoded), answered with the page. */
export const billingPageRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    )
    const params = Type.Object({ token: Type.String({ minLength: 16, maxLength: 64 }) })
    const send = (reply: FastifyReply, status: number, body: string) =>
      reply
        .status(status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(body)

    async function answer(
      reply: FastifyReply,
      token: string,
      run: () => Promise<Awaited<ReturnType<typeof billingView>>>,
    ) {
      try {
        const data = await run()
        return send(reply, 200, billingPage(data, null))
      } catch (err) {
        if (!(err instanceof AppError)) throw err
        if (err.status === 404)
          return send(reply, 404, '<!doctype html><title>Not found</title><h1>This billing page does not exist.</h1>')
        const fieldMessages = err.errors ? Object.values(err.errors).flat().join(' ') : ''
        return send(reply, err.status, billingPage(await billingView(ctx, token), fieldMessages || err.message))
      }
    }

    app.get('/billing/:token', { schema: { hide: true, params } }, async (request, reply) =>
      answer(reply, request.params.token, () => billingView(ctx, request.params.token)),
    )
    app.post(
      '/billing/:token/card',
      {
        schema: {
          hide: true,
          params,
          body: Type.Object({
            number: Type.String({ maxLength: 30 }),
            expiry: Type.String({ maxLength: 10 }),
            cvc: Type.String({ maxLength: 5 }),
            name: Type.Optional(Type.String({ maxLength: 100 })),
          }),
        },
      },
      async (request, reply) =>
        answer(reply, request.params.token, () => submitCard(ctx, request.params.token, request.body)),
    )
    app.post('/billing/:token/cancel', { schema: { hide: true, params } }, async (request, reply) =>
      answer(reply, request.params.token, () => cancelFromBillingPage(ctx, request.params.token)),
    )
  }
