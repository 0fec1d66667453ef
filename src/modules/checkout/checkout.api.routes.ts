import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { principalOf, requireApiKey } from '../api-keys/index.ts'
import { errorResponses } from '../../http/schemas.ts'
import { CheckoutCreateBody, CheckoutCreated, CheckoutStatus } from './checkout.schemas.ts'
import { createCheckout, getCheckoutStatus } from './checkout.service.ts'

const security = [{ ApiKey: [] }]

export const checkoutRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/checkout/create/',
      {
        onRequest: requireApiKey(ctx, ['checkout:create']),
        schema: {
          tags: ['Payments'],
          summary: 'Create a payment session (hosted checkout)',
          description:
            'Returns checkout_url and token. Redirect the customer to checkout_url to complete payment. Requires an API key with the checkout:create scope.',
          security,
          headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) }),
          body: CheckoutCreateBody,
          response: { 201: CheckoutCreated, ...errorResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) => reply.status(201).send(await createCheckout(ctx, principalOf(request), request.body)),
    )

    app.get(
      '/checkout/:checkout_id/',
      {
        onRequest: requireApiKey(ctx, ['checkout:create', 'payments:read']),
        schema: {
          tags: ['Payments'],
          summary: 'Get a checkout session',
          description: 'Status of the session and its transaction_id. Requires checkout:create or payments:read.',
          security,
          params: Type.Object({ checkout_id: Type.String({ minLength: 1, maxLength: 100 }) }),
          response: { 200: CheckoutStatus, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => getCheckoutStatus(ctx.db, principalOf(request), request.params.checkout_id),
    )
  }
