import type { AppContext } from '../../context.ts'
import { COUNTRY_NAMES } from '../../lib/countries.ts'
import { displayAmount, html, layout, type Html } from './page.html.ts'
import { UNAVAILABLE, type LinkStatus } from '../payment-links/index.ts'
import type { PublicLink } from './link-checkout.service.ts'

// The views of GET /l/{uuid}: the snapshot and a billing form (a plain HTML form: no script at all),
// or the reason the link cannot be used.

export type BillingValues = Partial<
  Record<
    | 'billing_first_name'
    | 'billing_last_name'
    | 'billing_email'
    | 'billing_phone'
    | 'billing_country'
    | 'billing_postal_code',
    string
  >
>

const COUNTRIES = Object.entries(COUNTRY_NAMES).sort((a, b) => a[1].localeCompare(b[1]))

function input(
  name: keyof BillingValues,
  label: string,
  values: BillingValues,
  errors: Record<string, string[]>,
  attrs: Html,
  wide = true,
): Html {
  const error = errors[name]?.join(' ')
  return html`<div class="field${wide ? '' : ' half'}">
  <label for="${name}">${label}</label>
  <input id="${name}" name="${name}" value="${values[name] ?? ''}" ${attrs}${error ? html` aria-invalid="true"` : null} aria-describedby="${name}-error">
  <p class="field-error" id="${name}-error">${error ?? ''}</p>
</div>`
}

function countrySelect(values: BillingValues, errors: Record<string, string[]>): Html {
  const selected = (values.billing_country ?? '').toUpperCase()
  const error = errors.billing_country?.join(' ')
  return html`<div class="field half">
  <label for="billing_country">Country</label>
  <select id="billing_country" name="billing_country" required autocomplete="country"${error ? html` aria-invalid="true"` : null}>
    <option value="">Choose…</option>
    ${COUNTRIES.map(([code, name]) => html`<option value="${code}"${code === selected ? html` selected` : null}>${name}</option>`)}
  </select>
  <p class="field-error" id="billing_country-error">${error ?? ''}</p>
</div>`
}

export function linkPage(
  ctx: AppContext,
  link: PublicLink,
  assetVersion: string,
  values: BillingValues = {},
  errors: Record<string, string[]> = {},
  alert: string | null = null,
): string {
  const money = (minor: number) => displayAmount(minor, link.currency)
  const general = Object.entries(errors)
    .filter(([k]) => !k.startsWith('billing_'))
    .flatMap(([, v]) => v)
  const message = alert ?? (general.length ? general.join(' ') : null)
  const body = html`<main class="layout" id="payment-link" data-link="${link.uuid}">
<section class="summary" aria-labelledby="summary-title">
  <p class="merchant">${link.merchant_name}</p>
  <p class="due-label">${link.name}</p>
  <p class="due" id="summary-title">${money(link.subtotal_minor)} <span class="ccy">${link.currency}</span></p>
  <ul class="items" aria-label="Items">
    ${link.line_items.map((l) => html`<li><span class="item-name">${l.name}</span><span class="item-qty">${l.quantity > 1 ? `× ${l.quantity} at ${money(l.unit_amount_minor)}` : ''}</span><span class="item-amount">${money(l.amount_minor)}</span></li>`)}
  </ul>
  <dl class="totals">
    <div class="grand"><dt>Total</dt><dd>${money(link.subtotal_minor)} ${link.currency}</dd></div>
  </dl>
  <p class="hint">${link.pricing_mode === 'TAX_INCLUSIVE' ? 'Prices include tax where it applies.' : 'Tax, where it applies, is added at checkout for your billing country.'}</p>
</section>
<section class="pay" aria-labelledby="pay-title">
  <h1 id="pay-title">Pay ${link.merchant_name}</h1>
  ${message ? html`<div class="alert" role="alert">${message}</div>` : null}
  <form class="card-form" method="post" action="/l/${link.uuid}">
    <h2 class="card-title">Billing details</h2>
    <div class="row">
      ${input('billing_first_name', 'First name', values, errors, html`required maxlength="100" autocomplete="given-name"`, false)}
      ${input('billing_last_name', 'Last name', values, errors, html`required maxlength="100" autocomplete="family-name"`, false)}
    </div>
    ${input('billing_email', 'Email', values, errors, html`type="email" required maxlength="254" autocomplete="email"`)}
    ${input('billing_phone', 'Phone (optional)', values, errors, html`type="tel" maxlength="32" autocomplete="tel"`)}
    <div class="row">
      ${countrySelect(values, errors)}
      ${input('billing_postal_code', 'Postal code', values, errors, html`maxlength="20" autocomplete="postal-code"`, false)}
    </div>
    <button type="submit" class="primary">Continue to payment</button>
  </form>
</section>
</main>`
  return layout({
    title: `${link.name} · ${link.merchant_name} · ${ctx.config.platformName}`,
    platformName: ctx.config.platformName,
    assetVersion,
    sandbox: link.environment === 'sandbox',
    body,
    withScript: false,
  })
}

const TITLES: Record<Exclude<LinkStatus, 'active'>, string> = {
  deleted: 'This payment link was deleted',
  inactive: 'This payment link is inactive',
  expired: 'This payment link has expired',
  used_up: 'This payment link is no longer available',
}

export function unavailablePage(
  ctx: AppContext,
  link: PublicLink | null,
  status: Exclude<LinkStatus, 'active'> | 'not_found',
  assetVersion: string,
): string {
  const title = status === 'not_found' ? 'This payment link does not exist' : TITLES[status]
  const text =
    status === 'not_found'
      ? 'Check the link you followed, or ask the merchant for a new one.'
      : `${UNAVAILABLE[status].detail} No money was taken; contact ${link?.merchant_name ?? 'the merchant'} for a new link.`
  const body = html`<main class="result" id="result" data-status="${status}"><div class="result-card"><div class="result-icon muted" aria-hidden="true">${status === 'expired' ? '⏱' : '×'}</div><h1>${title}</h1><p>${text}</p></div></main>`
  return layout({
    title: `${title} · ${ctx.config.platformName}`,
    platformName: ctx.config.platformName,
    assetVersion,
    sandbox: link?.environment === 'sandbox',
    body,
    withScript: false,
  })
}
