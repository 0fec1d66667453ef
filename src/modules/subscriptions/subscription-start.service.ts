import type { AppContext } from '../../context.ts'
import type { Environment } from '../../db/types.ts'
import { isCountryCode } from '../../lib/countries.ts'
import { randomBase62 } from '../../lib/ids.ts'
import { FieldErrors } from '../../lib/errors.ts'
import type { DashboardUser } from '../auth/index.ts'
import { subscriptionNow } from './subscription-charges.service.ts'
import { subscriptionView } from './subscription-state.ts'
import * as repo from './subscriptions.repository.ts'
import type { SubscriptionCreateInput } from './subscriptions.schemas.ts'
import type { SubscriptionsTable } from './subscriptions.table.ts'

// Starting a subscription: from the dashboard API (POST /api/subscriptions/) or from a payment link
// with a recurring product. Both record the customer and an `incomplete` subscription holding a copy of
// the price it is sold at; the customer then pays (or saves the card for a trial) on its checkout_url.

/** The first payment must be made within 23 hours, else the subscription is incomplete_expired. */
const INCOMPLETE_LIFETIME_MS = 23 * 60 * 60_000

export interface CustomerInput {
  email: string
  first_name: string
  last_name: string
  country: string
  postal_code?: string
}

/** The price a subscription is sold at, copied onto it (later catalog edits leave it alone). */
export interface PlanTerms {
  productId: number
  priceId: string | null
  name: string
  currency: string
  unitAmountMinor: number
  interval: SubscriptionsTable['recurring_interval']
  intervalCount: number
}

export interface StartInput {
  organizationId: number
  environment: Environment
  plan: PlanTerms
  quantity: number
  customer: CustomerInput
  trialDays: number | null
  cycleCount: number | null
  metadata: Record<string, string>
  clockId: number | null
  actor: string
  createdByUserId: number | null
  paymentLinkId: number | null
}

/** The customer's fields as stored: trimmed, the country upper-cased. */
const normalizeCustomer = (customer: CustomerInput) => ({
  email: customer.email,
  first_name: customer.first_name.trim(),
  last_name: customer.last_name.trim(),
  country: customer.country.toUpperCase(),
  postal_code: customer.postal_code?.trim() || null,
})

/** Checks the customer's fields; `field` names them as the caller's form does. */
export function checkCustomer(customer: CustomerInput, errors: FieldErrors, field: (name: string) => string) {
  const { country, postal_code, first_name, last_name } = normalizeCustomer(customer)
  if (!isCountryCode(country))
    errors.add(field('country'), `"${customer.country}" is not an ISO 3166-1 alpha-2 country code.`)
  if (country === 'US' && !postal_code) errors.add(field('postal_code'), 'This field is required when country is US.')
  if (first_name === '') errors.add(field('first_name'), 'This field may not be blank.')
  if (last_name === '') errors.add(field('last_name'), 'This field may not be blank.')
}

/** Records the customer (found by email, or new) and the `incomplete` subscription; the caller checked the input. */
export async function startSubscription(ctx: AppContext, input: StartInput) {
  const scope = { organizationId: input.organizationId, environment: input.environment }
  const details = normalizeCustomer(input.customer)
  return ctx.db.transaction().execute(async (trx) => {
    const now =
      input.clockId === null ? ctx.clock.now() : await subscriptionNow(ctx, trx, { test_clock_id: input.clockId })
    const found = await repo.findCustomerByEmail(trx, scope, input.customer.email)
    const customer = found
      ? await repo.updateCustomer(trx, found.id, { ...details, updated_at: now })
      : await repo.insertCustomer(trx, {
          public_id: `cus_${randomBase62(16)}`,
          organization_id: scope.organizationId,
          environment: scope.environment,
          ...details,
          created_at: now,
          updated_at: now,
        })
    const s = await repo.insertSubscription(trx, {
      public_id: `sub_${randomBase62(16)}`,
      organization_id: scope.organizationId,
      environment: scope.environment,
      customer_id: customer.id,
      product_id: input.plan.productId,
      price_id: input.plan.priceId,
      payment_link_id: input.paymentLinkId,
      currency: input.plan.currency,
      product_name: input.plan.name,
      unit_amount_minor: input.plan.unitAmountMinor,
      recurring_interval: input.plan.interval,
      recurring_interval_count: input.plan.intervalCount,
      quantity: input.quantity,
      trial_days: input.trialDays,
      cycle_count: input.cycleCount,
      metadata: JSON.stringify(input.metadata),
      test_clock_id: input.clockId,
      billing_token: randomBase62(32),
      expires_at: new Date(now.getTime() + INCOMPLETE_LIFETIME_MS),
      created_by_user_id: input.createdByUserId,
      created_at: now,
      updated_at: now,
    })
    await repo.insertChange(trx, {
      subscription_id: s.id,
      actor: input.actor,
      reason: 'created',
      from_status: null,
      to_status: 'incomplete',
      created_at: now,
    })
    const view = await subscriptionView(ctx, trx, s)
    return { ...view, checkout_url: view.billing_url }
  })
}

/** POST /api/subscriptions/: every field checked before anything is written. */
export async function createSubscription(
  ctx: AppContext,
  user: DashboardUser,
  environment: Environment,
  input: SubscriptionCreateInput,
) {
  const errors = new FieldErrors()
  const currency = input.currency
  const product = await repo.findProductWithPrice(ctx.db, user.organizationId, input.product_id, currency)
  if (!product) errors.add('product_id', `Unknown product "${input.product_id}".`)
  else if (product.status !== 'active') errors.add('product_id', `Product "${input.product_id}" is archived.`)
  else if (product.amount_minor === null || product.amount_minor === undefined)
    errors.add('product_id', `Product "${input.product_id}" has no ${currency} price.`)
  else if (!product.recurring_interval)
    errors.add('product_id', `Product "${input.product_id}" has no recurring price.`)
  checkCustomer(input.customer, errors, (n) => `customer.${n}`)
  let clockId: number | null = null
  if (input.test_clock_id !== undefined) {
    if (environment !== 'sandbox') errors.add('test_clock_id', 'Test clocks are for sandbox only.')
    const clock = await repo.findClock(ctx.db, user.organizationId, input.test_clock_id)
    if (!clock) errors.add('test_clock_id', `Unknown test clock "${input.test_clock_id}".`)
    else clockId = clock.id
  }
  errors.throwIfAny()
  const price = product as NonNullable<typeof product> & { amount_minor: number; recurring_interval: 'month' }
  return startSubscription(ctx, {
    organizationId: user.organizationId,
    environment,
    plan: {
      productId: price.id,
      priceId: price.price_id ?? null,
      name: price.name,
      currency,
      unitAmountMinor: price.amount_minor,
      interval: price.recurring_interval,
      intervalCount: price.recurring_interval_count ?? 1,
    },
    quantity: input.quantity ?? 1,
    customer: input.customer,
    trialDays: input.trial_days ?? price.trial_days ?? null,
    cycleCount: input.cycle_count ?? null,
    metadata: input.metadata ?? {},
    clockId,
    actor: `user:${user.userId}`,
    createdByUserId: user.userId,
    paymentLinkId: null,
  })
}
