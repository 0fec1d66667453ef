import type { IncomingMessage, ServerResponse } from 'node:http'
import { validateCard } from '../../lib/card.ts'
import { behaviourOf } from '../../modules/provider/simulator.ts'
import { escapeHtml, readBody, redirect, sendHtml } from './http.ts'
import type { FakePayment, PaymentStore } from './store.ts'
import type { FakeInflowSwitches } from './switches.ts'

// The hosted pay page at purchaseUrl. It takes Kassa's sandbox test cards: 4242… pays (CHECKOUT_SUCCESS,
// then PAYMENT_SUCCESS), 4000 0000 0000 0077 leaves the deposit pending for a while, the decline cards
// end in PAYMENT_FAILED with the decline as the deposit attempt's error, Cancel ends in CHECKOUT_CANCELED.

const OPEN = new Set(['INITIATION', 'CHECKOUT_PENDING'])

const money = (p: FakePayment) => `${p.currency === 'EUR' ? '€' : '$'}${(p.amountInCents / 100).toFixed(2)}`

function page(payment: FakePayment, error: string | null): string {
  const open = OPEN.has(payment.status)
  const items = payment.products.map((p) => `<li>${escapeHtml(p.name)} × ${p.quantity}</li>`).join('')
  const form = `<form method="post" action="/pay/${payment.id}">
  <label>Card number <input name="number" id="number" inputmode="numeric" autocomplete="cc-number"></label>
  <label>Expiry <input name="expiry" id="expiry" placeholder="MM / YY"></label>
  <label>CVC <input name="cvc" id="cvc" inputmode="numeric"></label>
  <button type="submit" id="pay">Pay ${money(payment)}</button>
</form>
<p><a id="cancel" href="/pay/${payment.id}/cancel">Cancel and return to the merchant</a></p>`
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Inflow Pay (local)</title></head>
<body><main id="inflow-pay" data-status="${payment.status}">
<h1>Inflow Pay <small>(local double)</small></h1>
<p>Amount: <strong id="amount">${money(payment)}</strong> ${payment.currency}</p>
<ul>${items}</ul>
${error ? `<p role="alert" id="error">${escapeHtml(error)}</p>` : ''}
${open ? form : `<p id="closed">This payment is ${escapeHtml(payment.status)}.</p>`}
</main></body></html>`
}

function pay(store: PaymentStore, switches: FakeInflowSwitches, payment: FakePayment, number: string): void {
  const behaviour = behaviourOf(number)
  const attempt = { amount: payment.amountInCents, paymentMethod: 'card' }
  if (behaviour.kind === 'decline' || behaviour.kind === 'error') {
    store.change(payment, 'PAYMENT_FAILED', { attempt: { ...attempt, status: 'failed', error: behaviour.message } })
    return
  }
  // A 3-D Secure card (3220) is authenticated on this page itself: it pays like 4242.
  const pending = behaviour.kind === 'success' && behaviour.deposit === 'pending'
  const refundFails = behaviour.kind === 'success' && behaviour.refundFails === true
  store.change(payment, 'CHECKOUT_SUCCESS', {
    depositStatus: 'pending',
    refundFails,
    attempt: { ...attempt, status: 'succeeded', error: null },
  })
  store.later(pending ? switches.pendingDepositMs : switches.settleDelayMs, payment, 'CHECKOUT_SUCCESS', () =>
    store.change(payment, 'PAYMENT_SUCCESS', { depositStatus: 'succeeded' }),
  )
}

/** GET/POST /pay/{id} and GET /pay/{id}/cancel. */
export async function handlePage(
  store: PaymentStore,
  switches: FakeInflowSwitches,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
) {
  const match = /^\/pay\/([A-Za-z0-9_-]+)(\/cancel)?$/.exec(path)
  const payment = match ? store.get(match[1]) : undefined
  if (!match || !payment) return sendHtml(res, 404, '<!doctype html><h1>Payment not found</h1>')
  if (match[2]) {
    if (OPEN.has(payment.status)) store.change(payment, 'CHECKOUT_CANCELED')
    return redirect(res, payment.cancelUrl)
  }
  if (req.method === 'GET') {
    if (payment.status === 'INITIATION') store.change(payment, 'CHECKOUT_PENDING')
    return sendHtml(res, 200, page(payment, null))
  }
  if (req.method !== 'POST') return sendHtml(res, 404, '<!doctype html><h1>Not found</h1>')
  const form = new URLSearchParams(await readBody(req, 10_000))
  if (!OPEN.has(payment.status)) return sendHtml(res, 409, page(payment, 'This payment cannot be paid any more.'))
  const { errors, card } = validateCard(
    { number: form.get('number') ?? '', expiry: form.get('expiry') ?? '', cvc: form.get('cvc') ?? '', name: '' },
    new Date(),
  )
  if (!card) return sendHtml(res, 400, page(payment, Object.values(errors).join(' ')))
  pay(store, switches, payment, card.number)
  // Inflow has a success and a cancel URL only: a failed payment goes back to the success URL too.
  return redirect(res, payment.successUrl)
}
