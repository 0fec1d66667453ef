import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import type { AppContext } from '../../context.ts'
import { AppError } from '../../lib/errors.ts'
import { loadSession } from './hosted-checkout.service.ts'
import { loadPageAssets } from './page-assets.ts'
import { checkoutPage, invalidLinkPage, resultPage } from './page.views.ts'
import { unusableLinkOfSession } from './link-checkout.service.ts'
import { unavailablePage } from './link-page.views.ts'

/** No inline script or style, nothing from a third party, never framed; the token never leaks in a Referer. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ')

function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', PAGE_CSP)
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
}

/** GET /checkout/:token (the checkout_url) and its two static assets. Not part of the JSON API. */
export const hostedCheckoutPage =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const assets = await loadPageAssets()

    for (const [file, type, body] of [
      ['checkout.js', 'text/javascript; charset=utf-8', assets.js],
      ['checkout.css', 'text/css; charset=utf-8', assets.css],
    ] as const) {
      app.get(`/checkout/assets/${file}`, { schema: { hide: true } }, async (_request, reply) =>
        reply
          .type(type)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'public, max-age=31536000, immutable')
          .send(body),
      )
    }

    app.get(
      '/checkout/:token',
      { schema: { hide: true, params: Type.Object({ token: Type.String({ maxLength: 2048 }) }) } },
      async (request, reply) => {
        const { token } = request.params
        try {
          const view = await loadSession(ctx, token)
          if (view.status === 'open') {
            // A session from a payment link that stopped selling cannot pay: say why instead of showing the form.
            const stopped = await unusableLinkOfSession(ctx, view.payment_link_id)
            if (stopped)
              return pageHeaders(reply)
                .status(410)
                .send(unavailablePage(ctx, stopped.link, stopped.status, assets.version))
            return pageHeaders(reply).send(checkoutPage(ctx, view, token, assets.version))
          }
          return pageHeaders(reply)
            .status(view.status === 'expired' ? 410 : 200)
            .send(resultPage(ctx, view, token, assets.version))
        } catch (err) {
          if (err instanceof AppError && err.status === 404)
            return pageHeaders(reply).status(404).send(invalidLinkPage(ctx, assets.version))
          throw err
        }
      },
    )
  }
