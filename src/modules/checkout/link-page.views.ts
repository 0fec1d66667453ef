import type { AppContext } from '../../context.ts'
import type { MessageKey, Translator } from './i18n/index.ts'
import { html, layout, type Html } from './page.html.ts'
import { recurringLineOf, type LinkStatus } from '../payment-links/index.ts'
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

function countrySelect(tr: Translator, values: BillingValues, errors: Record<string, string[]>): Html {
  const selected = (values.billing_country ?? '').toUpperCase()
  const error = errors.billing_country?.join(' ')
  return html`<div class="field half">
  <label for="billing_country">${tr.t('country')}</label>
  <select id="billing_country" name="billing_country" required autocomplete="country"${error ? html` aria-invalid="true"` : null} aria-describedby="billing_country-error">
    <option value="">${tr.t('choose')}</option>
    ${tr.countries().map(([code, name]) => html`<option value="${code}"${code === selected ? html` selected` : null}>${name}</option>`)}
  </select>
  <p class="field-error" id="billing_country-error">${error ?? ''}</p>
</div>`
}

/** "then $12.00 every month" (or the trial first) under the total of a link that starts a subscription. */
function recurringNote(tr: Translator, link: PublicLink): Html | null {
  const line = recurringLineOf(link.line_items)
  if (!line?.recurring_interval) return null
  const count = line.recurring_interval_count ?? 1
  const cadence =
    count === 1 ? tr.t(`every_${line.recurring_interval}`) : tr.t(`everyN_${line.recurring_interval}`, { count })
  const price = tr.amount(link.subtotal_minor, link.currency)
  const text = line.trial_days
    ? tr.t('trialThen', { days: line.trial_days, price, cadence })
    : tr.t('recurringThen', { price, cadence })
  return html`<p class="hint recurring" id="recurring">${text}</p>`
}

export function linkPage(
  ctx: AppContext,
  tr: Translator,
  link: PublicLink,
  assetVersion: string,
  values: BillingValues = {},
  errors: Record<string, string[]> = {},
  alert: string | null = null,
): string {
  const money = (minor: number) => tr.amount(minor, link.currency)
  const general = Object.entries(errors)
    .filter(([k]) => !k.startsWith('billing_'))
    .flatMap(([, v]) => v)
  const message = alert ?? (general.length ? general.join(' ') : null)
  const body = html`<main class="layout" id="payment-link" data-link="${link.uuid}">
<section class="summary" aria-labelledby="summary-title">
  <p class="merchant">${link.merchant_name}</p>
  <p class="due-label">${link.name}</p>
  <p class="due" id="summary-title">${money(link.subtotal_minor)} <span class="ccy">${link.currency}</span></p>
  <ul class="items" aria-label="${tr.t('items')}">
    ${link.line_items.map((l) => html`<li><span class="item-name">${l.name}</span><span class="item-qty">${l.quantity > 1 ? tr.t('quantityAt', { quantity: l.quantity, price: money(l.unit_amount_minor) }) : ''}</span><span class="item-amount">${money(l.amount_minor)}</span></li>`)}
  </ul>
  <dl class="totals">
    <div class="grand"><dt>${tr.t('total')}</dt><dd>${money(link.subtotal_minor)} ${link.currency}</dd></div>
  </dl>
  ${recurringNote(tr, link)}
  <p class="hint">${tr.t(link.pricing_mode === 'TAX_INCLUSIVE' ? 'linkTaxInclusive' : 'linkTaxAdded')}</p>
</section>
<section class="pay" aria-labelledby="pay-title">
  <h1 id="pay-title">${tr.t('payMerchant', { merchant: link.merchant_name })}</h1>
  ${message ? html`<div class="alert" role="alert">${message}</div>` : null}
  <form class="card-form" method="post" action="/l/${link.uuid}">
    <h2 class="card-title">${tr.t('billingDetails')}</h2>
    <div class="row">
      ${input('billing_first_name', tr.t('firstName'), values, errors, html`required maxlength="100" autocomplete="given-name"`, false)}
      ${input('billing_last_name', tr.t('lastName'), values, errors, html`required maxlength="100" autocomplete="family-name"`, false)}
    </div>
    ${input('billing_email', tr.t('email'), values, errors, html`type="email" required maxlength="254" autocomplete="email"`)}
    ${input('billing_phone', tr.t('phoneOptional'), values, errors, html`type="tel" maxlength="32" autocomplete="tel"`)}
    <div class="row">
      ${countrySelect(tr, values, errors)}
      ${input('billing_postal_code', tr.t('postalCode'), values, errors, html`maxlength="20" autocomplete="postal-code"`, false)}
    </div>
    <button type="submit" class="primary">${tr.t('continueToPayment')}</button>
  </form>
</section>
</main>`
  return layout({
    tr,
    title: `${link.name} · ${link.merchant_name} · ${ctx.config.platformName}`,
    platformName: ctx.config.platformName,
    assetVersion,
    sandbox: link.environment === 'sandbox',
    body,
    withScript: false,
  })
}

const TITLES: Record<Exclude<LinkStatus, 'active'> | 'not_found', MessageKey> = {
  deleted: 'linkDeletedTitle',
  inactive: 'linkInactiveTitle',
  expired: 'linkExpiredTitle',
  used_up: 'linkUsedUpTitle',
  not_found: 'linkNotFoundTitle',
}

const REASONS: Record<Exclude<LinkStatus, 'active'>, MessageKey> = {
  deleted: 'linkDeletedReason',
  inactive: 'linkInactiveReason',
  expired: 'linkExpiredReason',
  used_up: 'linkUsedUpReason',
}

export function unavailablePage(
  ctx: AppContext,
  tr: Translator,
  link: PublicLink | null,
  status: Exclude<LinkStatus, 'active'> | 'not_found',
  assetVersion: string,
): string {
  const title = tr.t(TITLES[status])
  const text =
    status === 'not_found'
      ? tr.t('invalidText')
      : tr.t('linkUnavailableText', {
          reason: tr.t(REASONS[status]),
          merchant: link?.merchant_name ?? tr.t('theMerchant'),
        })
  const body = html`<main class="result" id="result" data-status="${status}"><div class="result-card"><div class="result-icon muted" aria-hidden="true">${status === 'expired' ? '⏱' : '×'}</div><h1>${title}</h1><p>${text}</p></div></main>`
  return layout({
    tr,
    title: `${title} · ${ctx.config.platformName}`,
    platformName: ctx.config.platformName,
    assetVersion,
    sandbox: link?.environment === 'sandbox',
    body,
    withScript: false,
  })
}
