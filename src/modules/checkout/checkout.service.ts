import type { AppContext } from '../../context.ts'
import type { Database } from '../../db/database.ts'
import type { Environment, LineItem } from '../../db/schema.ts'
import { isCountryCode } from '../../lib/countries.ts'
import { newCheckoutId, newTransactionId } from '../../lib/ids.ts'
import { canonicalRate, formatMinor, parseAmount } from '../../lib/money.ts'
import { signToken } from '../../lib/signed-token.ts'
import { AppError, FieldErrors, notFound } from '../../lib/errors.ts'
import { findSellableProducts } from '../products/index.ts'
import type { PricingMode } from '../../lib/tax.ts'
import type { CheckoutCreateInput } from './checkout.schemas.ts'
import { priceOrder } from './checkout.pricing.ts'
import * as repo from './checkout.repository.ts'

export const CHECKOUT_TOKEN_PURPOSE = 'checkout'
const DEFAULT_LIFETIME_MINUTES = 24 * 60

export interface CheckoutOrigin {
  organizationId: number
  environment: Environment
  /** Payment links pass their own snapshot and settings; API callers pass products. */
  paymentLink?: { id: number; lines: LineItem[]; pricingMode: PricingMode }
  /** A subscription charge: its lines (the subscribed price), the charge's identity and its instant. */
  subscriptionCharge?: {
    subscriptionId: number
    lines: LineItem[]
    kind: 'initial' | 'renewal' | 'retry' | 'manual' | 'proration'
    periodIndex: number
    attempt: number
    now: Date
    /** Wall-clock instant until which the charge's provider call may run; then it is read back. */
    leaseUntil: Date
    /** The first charge of a subscription started from a payment link: it counts as a use of the link. */
    paymentLinkId?: number | null
  }
}

export const checkoutUrl = (ctx: AppContext, token: string) => `${ctx.config.publicUrl}/checkout/${token}`

/** Resolves catalog ids and ad-hoc items into priced lines, collecting every problem. */
async function resolveLines(
  db: Database,
  organizationId: number,
  adhocEnabled: boolean,
  input: CheckoutCreateInput,
  currency: string,
  errors: FieldErrors,
): Promise<LineItem[]> {
  const items = input.products
  const catalogIds = items.filter((i) => i.id !== undefined).map((i) => i.id as string)
  const found = new Map(
    (await findSellableProducts(db, organizationId, catalogIds, currency)).map((p) => [p.public_id, p]),
  )
  const lines: LineItem[] = []
  items.forEach((item, index) => {
    const quantity = item.quantity ?? 1
    if (item.id !== undefined) {
      const product = found.get(item.id)
      if (!product) return errors.add(`products.${index}.id`, `Unknown product "${item.id}".`)
      if (product.status !== 'active') return errors.add(`products.${index}.id`, `Product "${item.id}" is archived.`)
      if (product.amount_minor === null)
        return errors.add(`products.${index}.id`, `Product "${item.id}" has no ${currency} price.`)
      lines.push({
        product_id: product.public_id,
        name: product.name,
        quantity,
        unit_amount_minor: product.amount_minor,
        amount_minor: product.amount_minor * quantity,
      })
      return
    }
    if (item.name === undefined && item.unit_price === undefined) {
      return errors.add(
        `products.${index}`,
        'Give a catalog product "id", or "name" and "unit_price" for an ad-hoc item.',
      )
    }
    if (!adhocEnabled)
      return errors.add(
        `products.${index}`,
        'Ad-hoc items are not enabled for this organization; use catalog product ids.',
      )
    if (item.name === undefined || item.name.trim() === '')
      errors.add(`products.${index}.name`, 'This field is required for ad-hoc items.')
    const price = parseAmount(item.unit_price)
    if (item.unit_price === undefined)
      errors.add(`products.${index}.unit_price`, 'This field is required for ad-hoc items.')
    else if (!price.ok) errors.add(`products.${index}.unit_price`, `Unit price ${price.reason}.`)
    if (price.ok && item.name) {
      lines.push({
        product_id: null,
        name: item.name.trim(),
        quantity,
        unit_amount_minor: price.minor,
        amount_minor: price.minor * quantity,
      })
    }
  })
  return lines
}

export async function createCheckout(ctx: AppContext, origin: CheckoutOrigin, input: CheckoutCreateInput) {
  const { db } = ctx
  const country = input.billing_country.toUpperCase()
  const currency = input.currency ?? 'USD'
  const org = await repo.findPricingContext(db, origin.organizationId, country, currency)
  if (!org) throw notFound('Organization')
  const errors = new FieldErrors()
  if (!isCountryCode(country))
    errors.add('billing_country', `"${input.billing_country}" is not an ISO 3166-1 alpha-2 country code.`)
  if (country === 'US' && !input.billing_postal_code?.trim())
    errors.add('billing_postal_code', 'This field is required when billing_country is US.')
  if (input.billing_first_name.trim() === '') errors.add('billing_first_name', 'This field may not be blank.')
  if (input.billing_last_name.trim() === '') errors.add('billing_last_name', 'This field may not be blank.')
  if (input.sandbox_simulate !== undefined && origin.environment !== 'sandbox') {
    errors.add('sandbox_simulate', 'Only allowed with sandbox API keys.')
  }
  const lines =
    origin.subscriptionCharge?.lines ??
    origin.paymentLink?.lines ??
    (await resolveLines(db, org.id, org.adhoc_products_enabled, input, currency, errors))
  const usdRate = currency === 'USD' ? '1' : org.usd_rate === null ? null : canonicalRate(String(org.usd_rate))
  if (!usdRate) errors.add('currency', `No ${currency}→USD exchange rate is configured.`)
  errors.throwIfAny()

  const pricingMode: PricingMode =
    origin.paymentLink?.pricingMode ?? (org.price_mode === 'HT' ? 'TAX_EXCLUSIVE' : 'TAX_INCLUSIVE')
  const taxRateBp = org.tax_rate_bp ?? 0
  const pricing = priceOrder({
    lines,
    pricingMode,
    taxRateBp,
    feePercentBp: org.fee_percent_bp,
    feeFixedMinor: org.fee_fixed_minor,
    usdRate: usdRate as string,
  })
  if (pricing.total < org.min_payment_minor || pricing.total > org.max_payment_minor) {
    const limit =
      pricing.total < org.min_payment_minor
        ? `below the minimum payment of ${formatMinor(org.min_payment_minor)}`
        : `above the maximum payment of ${formatMinor(org.max_payment_minor)}`
    throw new AppError(
      'amount_out_of_range',
      `The total ${formatMinor(pricing.total)} ${currency} is ${limit} ${currency}.`,
      {
        products: [`Total ${formatMinor(pricing.total)} ${currency} is ${limit} ${currency}.`],
      },
    )
  }

  const charge = origin.subscriptionCharge
  const now = charge?.now ?? ctx.clock.now()
  const expiresAt = new Date(now.getTime() + (input.expires_in_minutes ?? DEFAULT_LIFETIME_MINUTES) * 60_000)
  const checkoutId = newCheckoutId(org.id, now)
  const transaction = await repo.insertSessionWithTransaction(
    db,
    {
      public_id: checkoutId,
      organization_id: org.id,
      environment: origin.environment,
      currency,
      line_items: JSON.stringify(lines),
      pricing_mode: pricingMode,
      tax_rate_bp: taxRateBp,
      subtotal_minor: pricing.subtotal,
      tax_minor: pricing.tax,
      total_minor: pricing.total,
      billing_country: country,
      billing_postal_code: input.billing_postal_code?.trim() || null,
      billing_first_name: input.billing_first_name.trim(),
      billing_last_name: input.billing_last_name.trim(),
      billing_email: input.billing_email,
      billing_phone: input.billing_phone?.trim() || null,
      success_url: input.successUrl ?? null,
      failed_url: input.failedUrl ?? null,
      cancel_url: input.cancelUrl ?? null,
      sandbox_simulate: input.sandbox_simulate ?? null,
      payment_link_id: origin.paymentLink?.id ?? charge?.paymentLinkId ?? null,
      subscription_id: charge?.subscriptionId ?? null,
      attempt_lease_until: charge?.leaseUntil ?? null,
      expires_at: expiresAt,
      created_at: now,
      updated_at: now,
    },
    {
      public_id: newTransactionId(),
      organization_id: org.id,
      environment: origin.environment,
      order_id: checkoutId,
      currency,
      gross_amount_minor: pricing.total,
      tax_amount_minor: pricing.tax,
      fee_amount_minor: pricing.fee,
      net_amount_minor: pricing.net,
      fx_rate_usd: usdRate as string,
      amount_usd_minor: pricing.amountUsd,
      payer_email: input.billing_email,
      products: JSON.stringify(
        lines.map((l) => ({
          id: l.product_id,
          name: l.name,
          quantity: l.quantity,
          unit_amount_minor: l.unit_amount_minor,
        })),
      ),
      subscription_id: charge?.subscriptionId ?? null,
      charge_kind: charge?.kind ?? null,
      period_index: charge?.periodIndex ?? null,
      charge_attempt: charge?.attempt ?? null,
      created_at: now,
      updated_at: now,
    },
  )
  const expiresAtUnix = Math.floor(expiresAt.getTime() / 1000)
  const token = signToken(ctx.config.secretKey, CHECKOUT_TOKEN_PURPOSE, { c: checkoutId, e: expiresAtUnix })
  return {
    checkout_id: checkoutId,
    order_id: checkoutId,
    checkout_url: checkoutUrl(ctx, token),
    token,
    expires_at: expiresAtUnix,
    transaction_id: transaction.public_id,
    amount: formatMinor(pricing.total),
    subtotal: formatMinor(pricing.subtotal),
    tax_amount: formatMinor(pricing.tax),
    currency,
  }
}

export async function getCheckoutStatus(
  db: Database,
  scope: { organizationId: number; environment: Environment },
  checkoutId: string,
) {
  const row = await repo.findSessionForTenant(db, scope.organizationId, scope.environment, checkoutId)
  if (!row) throw notFound('Checkout session')
  return {
    checkout_id: row.public_id,
    order_id: row.public_id,
    status: row.status,
    transaction_id: row.transaction_public_id,
    transaction_status: row.transaction_status,
    amount: formatMinor(row.total_minor),
    currency: row.currency,
    expires_at: Math.floor(row.expires_at.getTime() / 1000),
    created_at: row.created_at.toISOString(),
  }
}
