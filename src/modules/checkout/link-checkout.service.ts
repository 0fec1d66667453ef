import type { AppContext } from '../../context.ts'
import { formatMinor } from '../../lib/money.ts'
import { AppError, conflict, fieldError } from '../../lib/errors.ts'
import { createCheckout } from './checkout.service.ts'
import type { CheckoutCreateInput } from './checkout.schemas.ts'
import {
  assertLinkUsable,
  findPublicLink,
  findPublicLinkById,
  isUuid,
  linkStatus,
  recurringLineOf,
  linkUrl,
  serializeLines,
} from '../payment-links/index.ts'
// The buyer's side of a payment link: no key, no session; the uuid in the URL is the capability.

export const linkNotFound = () => new AppError('payment_link_not_found', 'This payment link does not exist.')

/** The link by uuid, whatever its state (the page explains a 410 itself). The /sandbox/api/ mirror knows sandbox links only. */
export async function findLinkForBuyer(ctx: AppContext, uuid: string, sandboxOnly = false) {
  const link = isUuid(uuid) ? await findPublicLink(ctx.db, uuid.toLowerCase()) : undefined
  if (!link || (sandboxOnly && link.environment !== 'sandbox')) throw linkNotFound()
  return link
}

export type PublicLink = Awaited<ReturnType<typeof findLinkForBuyer>>

export function publicView(ctx: AppContext, link: PublicLink) {
  return {
    id: link.uuid,
    url: linkUrl(ctx, link.uuid),
    name: link.name,
    merchant_name: link.merchant_name,
    platform_name: ctx.config.platformName,
    environment: link.environment,
    currency: link.currency,
    pricing_mode: link.pricing_mode,
    products: serializeLines(link.line_items),
    subtotal: formatMinor(link.subtotal_minor),
    total: formatMinor(link.subtotal_minor),
    tax_note:
      link.pricing_mode === 'TAX_INCLUSIVE'
        ? 'Prices include tax where it applies.'
        : 'Tax is added at checkout according to the billing country.',
    expires_at: link.expires_at?.toISOString() ?? null,
    status: linkStatus(link, ctx.clock.now()),
  }
}

/** GET /api/payment-links/{uuid}/public/: 410 when the link cannot sell. */
export async function getPublicLink(ctx: AppContext, uuid: string, sandboxOnly = false) {
  const link = await findLinkForBuyer(ctx, uuid, sandboxOnly)
  assertLinkUsable(link, ctx.clock.now())
  return publicView(ctx, link)
}

export type LinkCheckoutInput = Omit<CheckoutCreateInput, 'products' | 'sandbox_simulate' | 'expires_in_minutes'>

/**
 * A hosted checkout session from the snapshot. Used-up links are refused here; whether a use is still
 * free when the buyer pays is decided at payment time (payment-links.usage.ts), since sessions can be abandoned.
 */
export async function createLinkCheckout(ctx: AppContext, uuid: string, input: LinkCheckoutInput, sandboxOnly = false) {
  const link = await findLinkForBuyer(ctx, uuid, sandboxOnly)
  assertLinkUsable(link, ctx.clock.now())
  if (input.currency !== undefined && input.currency !== link.currency)
    throw fieldError('currency', `This link charges in ${link.currency}.`)
  // A subscription needs the customer's agreement and a saved card: it starts on the link's page.
  if (recurringLineOf(link.line_items))
    throw conflict(
      'payment_link_is_subscription',
      `This link starts a subscription; open ${linkUrl(ctx, link.uuid)} to subscribe.`,
    )
  return createCheckout(
    ctx,
    {
      organizationId: link.organization_id,
      environment: link.environment,
      paymentLink: { id: link.id, lines: link.line_items, pricingMode: link.pricing_mode },
    },
    { ...input, currency: link.currency, products: [] },
  )
}

/** For the hosted checkout page: the link behind an open session, when it can no longer sell (null when it can). */
export async function unusableLinkOfSession(ctx: AppContext, linkId: number | null) {
  if (linkId === null) return null
  const link = await findPublicLinkById(ctx.db, linkId)
  if (!link) return null
  const status = linkStatus(link, ctx.clock.now())
  return status === 'active' ? null : { link, status }
}
