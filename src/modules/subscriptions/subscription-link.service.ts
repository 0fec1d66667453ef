import type { AppContext } from '../../context.ts'
import { FieldErrors, notFound } from '../../lib/errors.ts'
import { assertLinkUsable, findPublicLink, isUuid, recurringLineOf } from '../payment-links/index.ts'
import { checkCustomer, startSubscription } from './subscription-start.service.ts'
import * as repo from './subscriptions.repository.ts'

// A payment link whose product has a recurring price starts a subscription instead of a one-off
// payment. The link's snapshot (price, cadence, quantity, trial) is the plan; the buyer's billing
// fields make the customer; the buyer then pays (or, with a trial, saves the card) on the
// subscription's billing page, and the link's use is counted when that first payment succeeds.

export interface LinkBuyer {
  billing_first_name: string
  billing_last_name: string
  billing_email: string
  billing_country: string
  billing_postal_code?: string
}

/** The subscription started from the link; field errors are named as the link's billing form names them. */
export async function startLinkSubscription(ctx: AppContext, uuid: string, buyer: LinkBuyer) {
  const link = isUuid(uuid) ? await findPublicLink(ctx.db, uuid.toLowerCase()) : undefined
  if (!link) throw notFound('Payment link')
  assertLinkUsable(link, ctx.clock.now())
  const line = recurringLineOf(link.line_items)
  if (!line?.product_id || !line.recurring_interval) throw notFound('Payment link')
  const product = await repo.findProductWithPrice(ctx.db, link.organization_id, line.product_id, link.currency)
  if (!product) throw notFound('Product')
  const customer = {
    email: buyer.billing_email,
    first_name: buyer.billing_first_name,
    last_name: buyer.billing_last_name,
    country: buyer.billing_country,
    postal_code: buyer.billing_postal_code,
  }
  const errors = new FieldErrors()
  checkCustomer(customer, errors, (name) => `billing_${name}`)
  errors.throwIfAny()
  return startSubscription(ctx, {
    organizationId: link.organization_id,
    environment: link.environment,
    plan: {
      productId: product.id,
      priceId: line.price_id ?? null,
      name: line.name,
      currency: link.currency,
      unitAmountMinor: line.unit_amount_minor,
      interval: line.recurring_interval,
      intervalCount: line.recurring_interval_count ?? 1,
    },
    quantity: line.quantity,
    customer,
    trialDays: line.trial_days ?? null,
    cycleCount: null,
    metadata: {},
    clockId: null,
    actor: `payment_link:${link.uuid}`,
    createdByUserId: null,
    paymentLinkId: link.id,
  })
}
