import { formatMinor } from '../../lib/money.ts'
import type { billingView } from './billing.service.ts'

// The customer page, server-rendered. Every interpolated value is escaped.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const e = (text: unknown) => String(text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c])
const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€' }
const money = (decimal: string, currency: string) =>
  SYMBOLS[currency] ? `${SYMBOLS[currency]}${decimal}` : `${decimal} ${currency}`

/** "every month", "every 3 months". */
export function cadenceText(interval: string, count: number) {
  return count === 1 ? `every ${interval}` : `every ${count} ${interval}s`
}

export function billingPage(data: Awaited<ReturnType<typeof billingView>>, error: string | null): string {
  const { view, charges, merchant, row } = data
  const price = money(formatMinor(row.unit_amount_minor * row.quantity), row.currency)
  const cadence = cadenceText(row.recurring_interval, row.recurring_interval_count)
  const first = row.status === 'incomplete'
  const action = first
    ? row.trial_days
      ? `Start ${row.trial_days}-day trial`
      : `Pay ${price} and subscribe`
    : 'Update card'
  const agreement = first
    ? `<p id="agreement">By subscribing you allow ${e(merchant)} to charge your card ${e(price)} ${e(cadence)}${row.trial_days ? ` after a ${row.trial_days}-day free trial` : ''} until you cancel.</p>`
    : ''
  const card = view.customer.card
    ? `<p>Card: ${e(view.customer.card.brand)} •••• ${e(view.customer.card.last4)}</p>`
    : ''
  const rows = charges
    .map(
      (c) =>
        `<tr><td>${e(c.created_at.slice(0, 10))}</td><td>${e(c.kind)}</td><td>${e(money(c.amount, c.currency))}</td><td>${e(c.status)}</td></tr>`,
    )
    .join('')
  const canCancel = (row.status === 'active' || row.status === 'trialing') && !row.cancel_at_period_end
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(merchant)} · ${e(row.product_name)}</title></head>
<body><main>
<h1>${e(row.product_name)}</h1>
<p id="plan">${e(price)} ${e(cadence)} · ${e(merchant)}</p>
<p>Status: <strong id="status">${e(row.status)}</strong>${row.cancel_at_period_end ? ' (cancels at period end)' : ''}</p>
${view.current_period_end ? `<p>Current period ends ${e(view.current_period_end)}</p>` : ''}
${card}
${error ? `<p role="alert" id="error">${e(error)}</p>` : ''}
${
  ['canceled', 'ended', 'incomplete_expired'].includes(row.status)
    ? ''
    : `<form method="post" action="/billing/${e(row.billing_token)}/card" autocomplete="on">
<label>Card number <input name="number" id="card-number" inputmode="numeric" autocomplete="cc-number" required></label>
<label>Expiry date (MM / YY) <input name="expiry" id="card-expiry" autocomplete="cc-exp" required></label>
<label>CVC <input name="cvc" id="card-cvc" inputmode="numeric" autocomplete="cc-csc" required></label>
<label>Name on card <input name="name" id="card-name" autocomplete="cc-name"></label>
${agreement}
<button type="submit" id="submit">${e(action)}</button>
</form>`
}
${canCancel ? `<form method="post" action="/billing/${e(row.billing_token)}/cancel"><button type="submit" id="cancel">Cancel at period end</button></form>` : ''}
<h2>Charges</h2>
<table id="charges"><thead><tr><th>Date</th><th>Kind</th><th>Amount</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table>
</main></body></html>`
}
