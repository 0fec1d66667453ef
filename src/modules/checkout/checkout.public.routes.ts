import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { errorResponses } from '../../http/schemas.ts'
import {
  AttemptAnswer,
  ChallengeBody,
  PayBody,
  SessionDisplay,
  SyncStatusAnswer,
  TokenBody,
} from './hosted-checkout.schemas.ts'
import { sessionDisplay } from './hosted-checkout.service.ts'
import { answerChallenge, cancelCheckout, pay, syncStatusWithProvider } from './payment-flow.service.ts'

// Static paths under /checkout/: Fastify's router prefers them to the API-key route /checkout/:checkout_id/.
const tags = ['Hosted checkout']
const security: never[] = []

export const hostedCheckoutRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Answers carry a customer's session: never cached by a browser or a proxy.
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('cache-control', 'no-store')
      return payload
    })

    app.get(
      '/checkout/session/',
      {
        schema: {
          tags,
          security,
          summary: 'Checkout session for the page (GET)',
          description: 'Same as POST /checkout/session/ with the token in the query string.',
          querystring: TokenBody,
          response: { 200: SessionDisplay, ...errorResponses(400, 404) },
        },
      },
      async (request) => sessionDisplay(ctx, request.query.token),
    )

    app.post(
      '/checkout/session/',
      {
        schema: {
          tags,
          security,
          summary: 'Checkout session for the page',
          description:
            'What the hosted page displays: merchant, line items, tax, total, billing details, scripted outcome, status. The checkout token authorises; no API key.',
          body: TokenBody,
          response: { 200: SessionDisplay, ...errorResponses(400, 404) },
        },
      },
      async (request) => sessionDisplay(ctx, request.body.token),
    )

    app.post(
      '/checkout/pay/',
      {
        schema: {
          tags,
          security,
          summary: 'Pay a checkout',
          description:
            'One payment attempt with a card (or, for a sandbox session with sandbox_simulate under internal simulation, the scripted outcome without a card). Card number and CVC are never stored or logged. Rate limited per token and per IP (429 with Retry-After).',
          body: PayBody,
          response: { 200: AttemptAnswer, ...errorResponses(400, 404, 409, 410, 429, 502, 503) },
        },
      },
      async (request) => pay(ctx, { token: request.body.token, card: request.body.card, ip: request.ip }),
    )

    app.post(
      '/checkout/3ds/',
      {
        schema: {
          tags,
          security,
          summary: 'Answer a 3-D Secure challenge',
          description: 'Completes or fails the pending 3-D Secure challenge of the checkout.',
          body: ChallengeBody,
          response: { 200: AttemptAnswer, ...errorResponses(400, 404, 409, 410, 429, 502, 503) },
        },
      },
      async (request) => answerChallenge(ctx, { ...request.body, ip: request.ip }),
    )

    app.post(
      '/checkout/cancel/',
      {
        schema: {
          tags,
          security,
          summary: 'Cancel a checkout',
          description: 'The customer cancels: the payment becomes canceled. Idempotent.',
          body: TokenBody,
          response: { 200: SyncStatusAnswer, ...errorResponses(400, 404, 409, 410) },
        },
      },
      async (request) => cancelCheckout(ctx, request.body.token),
    )

    app.post(
      '/checkout/sync-status/',
      {
        schema: {
          tags,
          security,
          summary: 'Checkout outcome',
          description:
            'SUCCESS, FAILED, CANCELED or PENDING, the payment status and the URL to send the customer to. For an open sandbox session with sandbox_simulate under internal simulation, the simulator answers with the scripted outcome, which is recorded.',
          body: TokenBody,
          response: { 200: SyncStatusAnswer, ...errorResponses(400, 404) },
        },
      },
      async (request) => syncStatusWithProvider(ctx, request.body.token),
    )
  }
