import type { AppContext } from '../../context.ts'
import { formatMinor } from '../../lib/money.ts'
import type { SessionView } from './hosted-checkout.repository.ts'
import { redirectUrlOf, scriptedOutcomeOf, syncStatusOf } from './hosted-checkout.service.ts'
import type { MessageKey, Translator } from './i18n/index.ts'
import { html, htmlMessage, layout, type Html } from './page.html.ts'

// The views of GET /checkout/:token: the payment form while the session is open, a result page after.
// Every word comes from the catalogue of the customer's language (i18n/), amounts formatted for it.

const SCRIPTED_LABELS: Record<string, MessageKey> = {
  payment_failed: 'scriptedPaymentFailed',
  checkout_canceled: 'scriptedCheckoutCanceled',
  canceled: 'scriptedCanceled',
  success_pending_deposit: 'scriptedSuccessPendingDeposit',
  checkout_pending: 'scriptedCheckoutPending',
}

function summary(tr: Translator, view: SessionView): Html {
  const money = (minor: number) => tr.amount(minor, view.currency)
  const taxRate = formatMinor(view.tax_rate_bp).replace(/\.?0+$/, '')
  const rate = tr.locale === 'fr' ? `${taxRate.replace('.', ',')}\u00a0%` : `${taxRate}%`
  const taxDetail =
    view.tax_rate_bp > 0 ? ` (${rate}${view.pricing_mode === 'TAX_INCLUSIVE' ? `, ${tr.t('taxIncluded')}` : ''})` : ''
  return html`<section class="summary" aria-labelledby="summary-title">
  <p class="merchant">${view.organization_name}</p>
  <p class="due-label">${tr.t('amountDue')}</p>
  <p class="due" id="summary-title">${money(view.total_minor)} <span class="ccy">${view.currency}</span></p>
  <ul class="items" aria-label="${tr.t('items')}">
    ${view.line_items.map((l) => html`<li><span class="item-name">${l.name}</span><span class="item-qty">${l.quantity > 1 ? tr.t('quantityAt', { quantity: l.quantity, price: money(l.unit_amount_minor) }) : ''}</span><span class="item-amount">${money(l.amount_minor)}</span></li>`)}
  </ul>
  <dl class="totals">
    <div><dt>${tr.t('subtotal')}</dt><dd>${money(view.subtotal_minor)}</dd></div>
    <div><dt>${tr.t('tax')}${taxDetail}</dt><dd>${money(view.tax_minor)}</dd></div>
    <div class="grand"><dt>${tr.t('total')}</dt><dd>${money(view.total_minor)} ${view.currency}</dd></div>
  </dl>
</section>`
}

function billing(tr: Translator, view: SessionView): Html {
  const place = [view.billing_postal_code, tr.countryName(view.billing_country)].filter(Boolean).join(', ')
  return html`<section class="billing" aria-labelledby="billing-title">
  <h2 id="billing-title">${tr.t('billingDetails')}</h2>
  <p>${view.billing_first_name} ${view.billing_last_name}<br>${view.billing_email}${view.billing_phone ? html`<br>${view.billing_phone}` : null}<br>${place}</p>
</section>`
}

// Card inputs have no `name`: should the script not run, a native form submission carries no card data.
const field = (id: string, label: string, attrs: Html, wide = true) => html`<div class="field${wide ? '' : ' half'}">
  <label for="${id}">${label}</label>
  <input id="${id}" ${attrs} aria-describedby="${id}-error">
  <p class="field-error" id="${id}-error" aria-live="polite"></p>
</div>`

export function checkoutPage(
  ctx: AppContext,
  tr: Translator,
  view: SessionView,
  token: string,
  assetVersion: string,
  hostedPage: { notice: string | null } | null = null,
): string {
  const scripted = scriptedOutcomeOf(ctx, view)
  const amount = tr.amount(view.total_minor, view.currency)
  const merchant = view.organization_name
  const state = view.challenge_payment_id ? 'challenge' : view.has_processing_attempt ? 'pending' : 'form'
  // A hosted-page processor takes the card on its own page: Kassa's page keeps the summary and Pay.
  const cardFields =
    scripted || hostedPage
      ? null
      : html`
    ${field('card-number', tr.t('cardNumber'), html`inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" maxlength="23"`)}
    <div class="row">
      ${field('card-expiry', tr.t('expiryDate'), html`inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY"`, false)}
      ${field('card-cvc', tr.t('cvc'), html`inputmode="numeric" autocomplete="cc-csc" placeholder="123" maxlength="4"`, false)}
    </div>
    ${field('card-name', tr.t('nameOnCard'), html`autocomplete="cc-name" placeholder="${tr.t('fullName')}" maxlength="100" value="${view.billing_first_name} ${view.billing_last_name}"`)}`
  const scriptedLabel = scripted && SCRIPTED_LABELS[scripted] ? tr.t(SCRIPTED_LABELS[scripted]) : scripted
  const body = html`<main class="layout" id="checkout" data-token="${token}" data-scripted="${scripted ? 'true' : 'false'}" data-flow="${hostedPage ? 'redirect' : 'card'}" data-state="${state}" data-amount="${amount}" data-messages="${JSON.stringify(tr.clientMessages())}">
${summary(tr, view)}
<section class="pay" aria-labelledby="pay-title">
  <h1 id="pay-title">${tr.t('payMerchant', { merchant })}</h1>
  ${billing(tr, view)}
  ${scripted ? html`<div class="banner" role="note"><strong>${tr.t('scriptedOutcome', { outcome: scripted })}</strong><br>${scriptedLabel}. ${tr.t('scriptedPay')}</div>` : null}
  <noscript><p class="alert">${tr.t('noScript')}</p></noscript>
  <div id="alert" class="alert" role="alert"${hostedPage?.notice ? null : html` hidden`}>${hostedPage?.notice ?? null}</div>
  <form id="card-form" class="card-form" method="post" novalidate${state !== 'form' ? html` hidden` : null}>
    ${cardFields ? html`<h2 class="card-title">${tr.t('card')}</h2>${cardFields}` : null}
    <button type="submit" id="pay-button" class="primary">${tr.t('pay', { amount })}</button>
  </form>
  <section id="challenge" class="challenge" aria-labelledby="challenge-title"${state !== 'challenge' ? html` hidden` : null}>
    <h2 id="challenge-title">${tr.t('challengeTitle')}</h2>
    <p>${htmlMessage(tr.t('challengeText'), { amount: html`<strong>${amount}</strong>`, merchant })}</p>
    <div class="challenge-actions"><button type="button" id="challenge-complete" class="primary">${tr.t('challengeComplete')}</button><button type="button" id="challenge-fail" class="secondary">${tr.t('challengeFail')}</button></div>
  </section>
  <section id="pending" class="pending" role="status"${state !== 'pending' ? html` hidden` : null}>
    <span class="spinner" aria-hidden="true"></span><p>${tr.t('processing')}</p>
  </section>
  <button type="button" id="cancel-button" class="link">${tr.t('cancel')}</button>
  <div id="cancel-confirm" class="confirm" role="group" aria-labelledby="cancel-question" hidden>
    <p id="cancel-question">${tr.t('cancelQuestion')}</p>
    <div class="challenge-actions"><button type="button" id="cancel-yes" class="secondary danger">${tr.t('cancelConfirm')}</button><button type="button" id="cancel-no" class="primary">${tr.t('cancelBack')}</button></div>
  </div>
  ${hostedPage && !scripted ? html`<p class="hint">${tr.t('hostedHint')}</p>` : null}
  ${!scripted && !hostedPage && view.environment === 'sandbox' ? html`<p class="hint">${tr.t('sandboxHint')}</p>` : null}
</section>
</main>`
  return layout({
    tr,
    title: `${tr.t('checkoutTitle', { amount, merchant })} · ${ctx.config.platformName}`,
    platformName: ctx.config.platformName,
    assetVersion,
    sandbox: view.environment === 'sandbox',
    body,
    withScript: true,
  })
}

const RESULT_COPY = {
  SUCCESS: { title: 'successTitle', text: 'successText', icon: '✓', cls: 'ok' },
  FAILED: { title: 'failedTitle', text: 'failedText', icon: '!', cls: 'bad' },
  CANCELED: { title: 'canceledTitle', text: 'canceledText', icon: '×', cls: 'muted' },
} as const

export function resultPage(
  ctx: AppContext,
  tr: Translator,
  view: SessionView,
  token: string,
  assetVersion: string,
): string {
  const amount = tr.amount(view.total_minor, view.currency)
  const merchant = view.organization_name
  const expired = view.status === 'expired'
  const status = syncStatusOf(view.transaction_status)
  const copy = status === 'PENDING' ? RESULT_COPY.CANCELED : RESULT_COPY[status]
  const merchantUrl = redirectUrlOf(ctx, view, token)
  const back = merchantUrl && !merchantUrl.startsWith(ctx.config.publicUrl + '/checkout/') ? merchantUrl : null
  const title = tr.t(expired ? 'expiredTitle' : copy.title)
  const body = html`<main class="result" id="result" data-status="${expired ? 'EXPIRED' : status}">
  <div class="result-card">
    <div class="result-icon ${expired ? 'muted' : copy.cls}" aria-hidden="true">${expired ? '⏱' : copy.icon}</div>
    <h1>${title}</h1>
    <p>${tr.t(expired ? 'expiredText' : copy.text, { merchant, amount })}</p>
    <dl class="receipt">
      <div><dt>${tr.t('amount')}</dt><dd>${amount} ${view.currency}</dd></div>
      ${status === 'SUCCESS' && view.card_last4 ? html`<div><dt>${tr.t('card')}</dt><dd>${(view.card_brand ?? 'card').toUpperCase()} •••• ${view.card_last4}</dd></div>` : null}
      <div><dt>${tr.t('order')}</dt><dd>${view.public_id}</dd></div>
      <div><dt>${tr.t('payment')}</dt><dd>${view.transaction_public_id}</dd></div>
    </dl>
    ${back ? html`<a class="primary button" href="${back}">${tr.t('returnTo', { merchant })}</a>` : null}
  </div>
</main>`
  return layout({
    tr,
    title: `${expired ? tr.t('expiredShortTitle') : title} · ${ctx.config.platformName}`,
    platformName: ctx.config.platformName,
    assetVersion,
    sandbox: view.environment === 'sandbox',
    body,
    withScript: false,
  })
}

export function invalidLinkPage(ctx: AppContext, tr: Translator, assetVersion: string): string {
  const body = html`<main class="result"><div class="result-card"><div class="result-icon muted" aria-hidden="true">?</div><h1>${tr.t('invalidTitle')}</h1><p>${tr.t('invalidText')}</p></div></main>`
  return layout({
    tr,
    title: `${tr.t('invalidShortTitle')} · ${ctx.config.platformName}`,
    platformName: ctx.config.platformName,
    assetVersion,
    sandbox: false,
    body,
    withScript: false,
  })
}
