import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { errorResponses } from '../../http/schemas.ts'
import { isSandboxMirror } from '../auth/index.ts'
import { LinkParams, PublicLink } from '../payment-links/index.ts'
import { CheckoutCreated } from './checkout.schemas.ts'
import { LinkCheckoutBody } from './link-checkout.schemas.ts'
import { createLinkCheckout, getPublicLink } from './link-checkout.service.ts'

const tags = ['Payment links']

/** A buyer's way in through a payment link: its public view and a checkout started from it (no credentials). */
export const paymentLinkCheckoutRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/payment-links/:uuid/public/',
      {
        schema: {
          tags,
          security: [],
          summary: 'Public view of a payment link (no authentication)',
          description:
            'Snapshot, total, currency and merchant name. 410 when the link is expired, inactive, deleted or used up.',
          params: LinkParams,
          response: { 200: PublicLink, ...errorResponses(404, 410) },
        },
      },
      async (request) => getPublicLink(ctx, request.params.uuid, isSandboxMirror(request)),
    )

    app.post(
      '/payment-links/:uuid/checkout/',
      {
        schema: {
          tags,
          security: [],
          summary: 'Start a hosted checkout from a payment link (no authentication)',
          description:
            'The billing fields of checkout create, plus optional successUrl/failedUrl/cancelUrl; answers like checkout create. 410 when the link cannot sell; 409 `payment_link_is_subscription` when it sells a recurring plan (the buyer subscribes on the link page).',
          params: LinkParams,
          body: LinkCheckoutBody,
          response: { 201: CheckoutCreated, ...errorResponses(400, 404, 409, 410) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await createLinkCheckout(ctx, request.params.uuid, request.body, isSandboxMirror(request))),
    )

    // The buyer may also POST with the link token (uuid) in the body: the same call as the one above.
    app.post(
      '/payment-links/checkout/',
      {
        schema: {
          tags,
          security: [],
          summary: 'Start a hosted checkout from a payment link, token in the body (no authentication)',
          description: 'Same as POST /api/payment-links/{uuid}/checkout/ with `token` = the link uuid.',
          body: Type.Composite([
            Type.Object({ token: Type.String({ minLength: 1, maxLength: 64, description: 'The link uuid.' }) }),
            LinkCheckoutBody,
          ]),
          response: { 201: CheckoutCreated, ...errorResponses(400, 404, 409, 410) },
        },
      },
      async (request, reply) => {
        const { token, ...billing } = request.body
        return reply.status(201).send(await createLinkCheckout(ctx, token, billing, isSandboxMirror(request)))
      },
    )
  }
