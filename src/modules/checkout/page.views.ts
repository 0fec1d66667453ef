import type { AppContext } from '../../context.ts'
import { formatMinor } from '../../lib/money.ts'
import type { SessionView } from './hosted-checkout.repository.ts'
import { redirectUrlOf, scriptedOutcomeOf, syncStatusOf } from './hosted-checkout.service.ts'
import { countryName, displayAmount, html, layout, type Html } from './page.html.ts'

// The views of GET /checkout/:token: the payment form while the session is open, a result page after.

const SCRIPTED_LABELS: Record<string, string> = {
  payment_failed: 'The payment fails',
  checkout_canceled: 'The checkout is canceled',
  canceled: 'The payment is canceled',
  success_pending_deposit: 'The payment succeeds; its deposit stays pending until the worker settles it',
  checkout_pending: 'The payment stays processing',
}

function summary(view: SessionView): Html {
  const money = (minor: number) => displayAmount(minor, view.currency)
  const taxRate = formatMinor(view.tax_rate_bp).replace(/\.?0+$/, '')
  return html`<section class="summary" aria-labelledby="summary-title">
  <p class="merchant">${view.organization_name}</p>
  <p class="due-label">Amount due</p>
  <p class="due" id="summary-title">${money(view.total_minor)} <span class="ccy">${view.currency}</span></p>
  <ul class="items" aria-label="Items">
    ${view.line_items.map((l) => html`<li><span class="item-name">${l.name}</span><span class="item-qty">${l.quantity > 1 ? `× ${l.quantity} at ${money(l.unit_amount_minor)}` : ''}</span><span class="item-amount">${money(l.amount_minor)}</span></li>`)}
  </ul>
  <dl class="totals">
    <div><dt>Subtotal</dt><dd>${money(view.subtotal_minor)}</dd></div>
    <div><dt>Tax${view.tax_rate_bp > 0 ? ` (${taxRate}%${view.pricing_mode === 'TAX_INCLUSIVE' ? ', included' : ''})` : ''}</dt><dd>${money(view.tax_minor)}</dd></div>
    <div class="grand"><dt>Total</dt><dd>${money(view.total_minor)} ${view.currency}</dd></div>
  </dl>
</section>`
}

function billing(view: SessionView): Html {
  const place = [view.billing_postal_code, countryName(view.billing_country)].filter(Boolean).join(', ')
  return html`<section class="billing" aria-labelledby="billing-title">
  <h2 id="billing-title">Billing details</h2>
  <p>${view.billing_first_name} ${view.billing_last_name}<br>${view.billing_email}${view.billing_phone ? html`<br>${view.billing_phone}` : null}<br>${place}</p>
</section>`
}

// Card inputs have no `name`: should the script not run, a native form submission carries no card data.
const field = (id: string, label: string, attrs: Html, wide = true) => html`<div class="field${wide ? '' : ' half'}">
  <label for="${id}">${label}</label>
  <input id="${id}" ${attrs} aria-describedby="${id}-error">
  <p class="field-error" id="${id}-error" aria-live="polite"></p>
</div>`

export function checkoutPage(ctx: AppContext, view: SessionView, token: string, assetVersion: string): string {
  const scripted = scriptedOutcomeOf(ctx, view)
  const amount = displayAmount(view.total_minor, view.currency)
  const state = view.challenge_payment_id ? 'challenge' : view.has_processing_attempt ? 'pending' : 'form'
  const cardFields = scripted
    ? null
    : html`
    ${field('card-number', 'Card number', html`inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" maxlength="23"`)}
    <div class="row">
      ${field('card-expiry', 'Expiry date', html`inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY"`, false)}
      ${field('card-cvc', 'CVC', html`inputmode="numeric" autocomplete="cc-csc" placeholder="123" maxlength="4"`, false)}
    </div>
    ${field('card-name', 'Name on card', html`autocomplete="cc-name" placeholder="Full name" maxlength="100" value="${view.billing_first_name} ${view.billing_last_name}"`)}`
  const body = html`<main class="layout" id="checkout" data-token="${token}" data-scripted="${scripted ? 'true' : 'false'}" data-state="${state}" data-amount="${amount}">
${summary(view)}
<section class="pay" aria-labelledby="pay-title">
  <h1 id="pay-title">Pay ${view.organization_name}</h1>
  ${billing(view)}
  ${scripted ? html`<div class="banner" role="note"><strong>Sandbox scripted outcome: ${scripted}</strong><br>${SCRIPTED_LABELS[scripted] ?? scripted}. Pay completes it without a card.</div>` : null}
  <noscript><p class="alert">This payment page needs JavaScript to send your card securely. Please enable it and reload.</p></noscript>
  <div id="alert" class="alert" role="alert" hidden></div>
  <form id="card-form" class="card-form" method="post" novalidate${state !== 'form' ? html` hidden` : null}>
    ${cardFields ? html`<h2 class="card-title">Card</h2>${cardFields}` : null}
    <button type="submit" id="pay-button" class="primary">Pay ${amount}</button>
  </form>
  <section id="challenge" class="challenge" aria-labelledby="challenge-title"${state !== 'challenge' ? html` hidden` : null}>
    <h2 id="challenge-title">3-D Secure authentication</h2>
    <p>Your bank asks you to confirm the payment of <strong>${amount}</strong> to ${view.organization_name}. This is a simulated challenge.</p>
    <div class="challenge-actions"><button type="button" id="challenge-complete" class="primary">Complete</button><button type="button" id="challenge-fail" class="secondary">Fail</button></div>
  </section>
  <section id="pending" class="pending" role="status"${state !== 'pending' ? html` hidden` : null}>
    <span class="spinner" aria-hidden="true"></span><p>Your payment is being processed. This page updates by itself.</p>
  </section>
  <button type="button" id="cancel-button" class="link">Cancel</button>
  ${!scripted && view.environment === 'sandbox' ? html`<p class="hint">Sandbox: use test card 4242 4242 4242 4242, any future date, any CVC.</p>` : null}
</section>
</main>`
  return layout({
    title: `Pay ${amount} to ${view.organization_name} · ${ctx.config.platformName}`,
    platformName: ctx.config.platformName,
    assetVersion,
    sandbox: view.environment === 'sandbox',
    body,
    withScript: true,
  })
}

const RESULT_COPY = {
  SUCCESS: {
    title: 'Payment successful',
    icon: '✓',
    cls: 'ok',
    text: (m: string, a: string) => `${m} received your payment of ${a}. Keep the references below for your records.`,
  },
  FAILED: {
    title: 'Payment failed',
    icon: '!',
    cls: 'bad',
    text: (m: string) => `The payment to ${m} could not be completed. No money was taken.`,
  },
  CANCELED: {
    title: 'Payment canceled',
    icon: '×',
    cls: 'muted',
    text: (m: string) => `You canceled the payment to ${m}. No money was taken.`,
  },
} as const

export function resultPage(ctx: AppContext, view: SessionView, token: string, assetVersion: string): string {
  const amount = displayAmount(view.total_minor, view.currency)
  const expired = view.status === 'expired'
  const status = syncStatusOf(view.transaction_status)
  const copy = status === 'PENDING' ? RESULT_COPY.CANCELED : RESULT_COPY[status]
  const merchantUrl = redirectUrlOf(ctx, view, token)
  const back = merchantUrl && !merchantUrl.startsWith(ctx.config.publicUrl + '/checkout/') ? merchantUrl : null
  const body = html`<main class="result" id="result" data-status="${expired ? 'EXPIRED' : status}">
  <div class="result-card">
    <div class="result-icon ${expired ? 'muted' : copy.cls}" aria-hidden="true">${expired ? '⏱' : copy.icon}</div>
    <h1>${expired ? 'This checkout has expired' : copy.title}</h1>
    <p>${expired ? `This payment link to ${view.organization_name} is no longer valid. No money was taken; ask the merchant for a new link.` : copy.text(view.organization_name, amount)}</p>
    <dl class="receipt">
      <div><dt>Amount</dt><dd>${amount} ${view.currency}</dd></div>
      ${status === 'SUCCESS' && view.card_last4 ? html`<div><dt>Card</dt><dd>${(view.card_brand ?? 'card').toUpperCase()} •••• ${view.card_last4}</dd></div>` : null}
      <div><dt>Order</dt><dd>${view.public_id}</dd></div>
      <div><dt>Payment</dt><dd>${view.transaction_public_id}</dd></div>
    </dl>
    ${back ? html`<a class="primary button" href="${back}">Return to ${view.organization_name}</a>` : null}
  </div>
</main>`
  return layout({
    title: `${expired ? 'Checkout expired' : copy.title} · ${ctx.config.platformName}`,
    platformName: ctx.config.platformName,
    assetVersion,
    sandbox: view.environment === 'sandbox',
    body,
    withScript: false,
  })
}

export function invalidLinkPage(ctx: AppContext, assetVersion: string): string {
  const body = html`<main class="result"><div class="result-card"><div class="result-icon muted" aria-hidden="true">?</div><h1>This checkout link is not valid</h1><p>Check the link you followed, or ask the merchant for a new one.</p></div></main>`
  return layout({
    title: `Checkout not found · ${ctx.config.platformName}`,
    platformName: ctx.config.platformName,
    assetVersion,
    sandbox: false,
    body,
    withScript: false,
  })
}
