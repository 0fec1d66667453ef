import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import type { AppContext } from '../../context.ts'
import { AppError } from '../../lib/errors.ts'
import { CHECKOUT_PAGE_SECURITY, installSecurityHeaders } from '../../http/security-headers.ts'
import { negotiateLocale, translator, type Translator } from './i18n/index.ts'
import { loadPageAssets } from './page-assets.ts'
import {
  createLinkCheckout,
  findLinkForBuyer,
  type LinkCheckoutInput,
  type PublicLink,
} from './link-checkout.service.ts'
import { linkStatus, recurringLineOf } from '../payment-links/index.ts'
import { linkPage, unavailablePage, type BillingValues } from './link-page.views.ts'

const FIELDS = [
  'billing_first_name',
  'billing_last_name',
  'billing_email',
  'billing_phone',
  'billing_country',
  'billing_postal_code',
] as const

/** The page's language follows Accept-Language: caches must key on it. */
function pageHeaders(reply: FastifyReply, tr: Translator): FastifyReply {
  return reply
    .header('cache-control', 'no-store')
    .header('vary', 'accept-language')
    .header('content-language', tr.locale)
    .type('text/html; charset=utf-8')
}

/** Starts the subscription of a link with a recurring product (the subscriptions module, given by app.ts). */
export type StartLinkSubscription = (
  ctx: AppContext,
  uuid: string,
  buyer: Omit<LinkCheckoutInput, 'billing_phone'>,
) => Promise<{ checkout_url: string }>

/**
 * GET /l/{uuid}: the shareable page; POST /l/{uuid}: its form (urlencoded), which redirects to the hosted
 * checkout, or for a recurring product to the new subscription's checkout page.
 */
export const paymentLinkPage =
  (ctx: AppContext, startSubscription: StartLinkSubscription): FastifyPluginAsyncTypebox =>
  async (app) => {
    await installSecurityHeaders(app, CHECKOUT_PAGE_SECURITY)
    const assets = await loadPageAssets()
    // The page is a plain HTML form: urlencoded bodies are parsed here only, for this plugin's routes.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)))
      },
    )
    const params = Type.Object({ uuid: Type.String({ maxLength: 64 }) })

    async function loadOrExplain(uuid: string, tr: Translator, reply: FastifyReply): Promise<PublicLink | null> {
      let link: PublicLink
      try {
        link = await findLinkForBuyer(ctx, uuid)
      } catch (err) {
        if (err instanceof AppError && err.status === 404) {
          await pageHeaders(reply, tr)
            .status(404)
            .send(unavailablePage(ctx, tr, null, 'not_found', assets.version))
          return null
        }
        throw err
      }
      const status = linkStatus(link, ctx.clock.now())
      if (status === 'active') return link
      await pageHeaders(reply, tr)
        .status(410)
        .send(unavailablePage(ctx, tr, link, status, assets.version))
      return null
    }

    app.get('/l/:uuid', { schema: { hide: true, params } }, async (request, reply) => {
      const tr = translator(negotiateLocale(request.headers['accept-language']))
      const link = await loadOrExplain(request.params.uuid, tr, reply)
      if (link) return pageHeaders(reply, tr).send(linkPage(ctx, tr, link, assets.version))
      return reply
    })

    app.post('/l/:uuid', { schema: { hide: true, params } }, async (request, reply) => {
      const tr = translator(negotiateLocale(request.headers['accept-language']))
      const link = await loadOrExplain(request.params.uuid, tr, reply)
      if (!link) return reply
      const raw = (request.body ?? {}) as Record<string, unknown>
      const values: BillingValues = Object.fromEntries(
        FIELDS.map((f) => [f, typeof raw[f] === 'string' ? (raw[f] as string).trim() : '']),
      ) as BillingValues
      const errors: Record<string, string[]> = {}
      for (const f of ['billing_first_name', 'billing_last_name', 'billing_email', 'billing_country'] as const)
        if (!values[f]) errors[f] = [tr.t('fieldRequired')]
      if (values.billing_email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.billing_email))
        errors.billing_email = [tr.t('emailInvalid')]
      if (Object.keys(errors).length)
        return pageHeaders(reply, tr)
          .status(400)
          .send(linkPage(ctx, tr, link, assets.version, values, errors))
      const input: LinkCheckoutInput = {
        billing_first_name: values.billing_first_name!.slice(0, 100),
        billing_last_name: values.billing_last_name!.slice(0, 100),
        billing_email: values.billing_email!.slice(0, 254),
        billing_country: values.billing_country!.slice(0, 2),
        ...(values.billing_phone ? { billing_phone: values.billing_phone.slice(0, 32) } : {}),
        ...(values.billing_postal_code ? { billing_postal_code: values.billing_postal_code.slice(0, 20) } : {}),
      }
      try {
        const created = recurringLineOf(link.line_items)
          ? await startSubscription(ctx, link.uuid, input)
          : await createLinkCheckout(ctx, link.uuid, input)
        return reply.header('cache-control', 'no-store').redirect(created.checkout_url, 303)
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err
        if (err.status === 410) {
          // The link changed state between the page load and this post: say why, as GET would.
          const status = linkStatus(await findLinkForBuyer(ctx, link.uuid), ctx.clock.now())
          return pageHeaders(reply, tr)
            .status(410)
            .send(unavailablePage(ctx, tr, link, status === 'active' ? 'used_up' : status, assets.version))
        }
        return pageHeaders(reply, tr)
          .status(err.status)
          .send(linkPage(ctx, tr, link, assets.version, values, err.errors ?? {}, err.errors ? null : err.detail))
      }
    })
  }
