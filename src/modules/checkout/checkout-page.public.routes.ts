import fastifyStatic from '@fastify/static'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import type { AppContext } from '../../context.ts'
import { AppError } from '../../lib/errors.ts'
import { CHECKOUT_PAGE_SECURITY, installSecurityHeaders } from '../../http/security-headers.ts'
import { loadSession } from './hosted-checkout.service.ts'
import { negotiateLocale, translator, type Translator } from './i18n/index.ts'
import { loadPageAssets, PAGE_ASSETS_DIST } from './page-assets.ts'
import { checkoutPage, invalidLinkPage, resultPage } from './page.views.ts'
import { unusableLinkOfSession } from './link-checkout.service.ts'
import { unavailablePage } from './link-page.views.ts'
import { hostedPageProcessor } from '../provider/index.ts'
import { hostedPageNotice } from './hosted-redirect.service.ts'

export { PAGE_CSP } from '../../http/security-headers.ts'

/** The page's language follows Accept-Language: caches must key on it. */
function pageHeaders(reply: FastifyReply, tr: Translator): FastifyReply {
  return reply
    .header('cache-control', 'no-store')
    .header('vary', 'accept-language')
    .header('content-language', tr.locale)
    .type('text/html; charset=utf-8')
}

/** GET /checkout/:token (the checkout_url) and its two static assets. Not part of the JSON API. */
export const hostedCheckoutPage =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    await installSecurityHeaders(app, CHECKOUT_PAGE_SECURITY)
    const assets = await loadPageAssets()

    // Brotli or gzip by Accept-Encoding, from the copies written beside each file (page-assets.ts).
    await app.register(fastifyStatic, {
      root: PAGE_ASSETS_DIST,
      serve: false,
      preCompressed: true,
      cacheControl: false,
    })
    for (const file of ['checkout.js', 'checkout.css']) {
      app.get(`/checkout/assets/${file}`, { schema: { hide: true } }, async (_request, reply) =>
        reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(`${assets.version}/${file}`),
      )
    }

    app.get(
      '/checkout/:token',
      { schema: { hide: true, params: Type.Object({ token: Type.String({ maxLength: 2048 }) }) } },
      async (request, reply) => {
        const { token } = request.params
        const tr = translator(negotiateLocale(request.headers['accept-language']))
        try {
          const view = await loadSession(ctx, token)
          if (view.status === 'open') {
            // A session from a payment link that stopped selling cannot pay: say why instead of showing the form.
            const stopped = await unusableLinkOfSession(ctx, view.payment_link_id)
            if (stopped)
              return pageHeaders(reply, tr)
                .status(410)
                .send(unavailablePage(ctx, tr, stopped.link, stopped.status, assets.version))
            const hostedPage = hostedPageProcessor(ctx, view.environment)
              ? { notice: await hostedPageNotice(ctx, view) }
              : null
            return pageHeaders(reply, tr).send(checkoutPage(ctx, tr, view, token, assets.version, hostedPage))
          }
          return pageHeaders(reply, tr)
            .status(view.status === 'expired' ? 410 : 200)
            .send(resultPage(ctx, tr, view, token, assets.version))
        } catch (err) {
          if (err instanceof AppError && err.status === 404)
            return pageHeaders(reply, tr)
              .status(404)
              .send(invalidLinkPage(ctx, tr, assets.version))
          throw err
        }
      },
    )
  }
