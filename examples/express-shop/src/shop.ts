import express, { type Express } from 'express'
import { Kassa, KassaError, WebhookVerificationError, type KassaEvent } from '@kassa/node'

// A tiny shop: one product, a form, a redirect to Kassa's hosted checkout, and a webhook receiver
// that trusts nothing it has not verified.

export interface ShopOptions {
  kassa: Kassa
  /** The `whsec_…` secret shown when the webhook endpoint was created in the Kassa dashboard. */
  webhookSecret: string
  /** Where buyers reach this shop (Kassa sends them back here after paying). */
  publicUrl: string
  /** A catalog product (prod_…); without one the shop sends an ad-hoc item (ad-hoc items must be on). */
  productId?: string
}

export interface Shop {
  app: Express
  /** Verified events, in arrival order (a real shop would store them and act on them). */
  events: KassaEvent[]
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`

export function createShop(options: ShopOptions): Shop {
  const { kassa } = options
  const events: KassaEvent[] = []
  const seen = new Set<string>()
  const app = express()

  app.get('/', (_req, res) => {
    res.send(
      page(
        'Kassa mug',
        `<form method="post" action="/buy">
  <label>Email <input name="email" type="email" required></label>
  <label>First name <input name="first_name" required></label>
  <label>Last name <input name="last_name" required></label>
  <label>Country <input name="country" value="US" required></label>
  <label>Postal code <input name="postal_code" value="94103"></label>
  <button type="submit">Buy</button>
</form>`,
      ),
    )
  })

  app.post('/buy', express.urlencoded({ extended: false }), async (req, res) => {
    const form = req.body as Record<string, string>
    try {
      const checkout = await kassa.checkout.create({
        billing_email: form.email,
        billing_first_name: form.first_name,
        billing_last_name: form.last_name,
        billing_country: form.country,
        billing_postal_code: form.postal_code || undefined,
        currency: 'USD',
        products: options.productId
          ? [{ id: options.productId, quantity: 1 }]
          : [{ name: 'Kassa mug', unit_price: '12.00', quantity: 1 }],
        successUrl: `${options.publicUrl}/thanks`,
        cancelUrl: `${options.publicUrl}/`,
      })
      res.redirect(303, checkout.checkout_url)
    } catch (err) {
      // KassaError names the problem (`code`, and `errors` per field for a 400).
      if (!(err instanceof KassaError)) throw err
      res
        .status(err.status >= 500 || err.status === 0 ? 502 : 400)
        .send(page('Could not start the payment', `<p>${escapeHtml(err.detail)}</p>`))
    }
  })

  app.get('/thanks', async (req, res) => {
    const id = String(req.query.transaction_id ?? '')
    // Never trust the redirect alone: ask Kassa what happened to the payment.
    const payment = id ? await kassa.payments.get(id).catch(() => null) : null
    res.send(
      page('Thank you', `<p>Payment <span id="payment-status">${escapeHtml(payment?.status ?? 'unknown')}</span>.</p>`),
    )
  })

  // The raw body, exactly as sent: the signatures cover these bytes, not a re-serialised object.
  app.post('/webhooks/kassa', express.raw({ type: 'application/json' }), (req, res) => {
    let event: KassaEvent
    try {
      event = Kassa.webhooks.verify(req.body, req.headers, options.webhookSecret)
    } catch (err) {
      if (err instanceof WebhookVerificationError) return void res.status(400).send(err.reason)
      throw err
    }
    // Deliveries are at-least-once: the event id makes handling idempotent.
    if (!seen.has(event.event_id)) {
      seen.add(event.event_id)
      events.push(event)
      if (event.event === 'transaction.status_changed' && event.status === 'paid') {
        // Fulfil the order for event.order_id here.
      }
    }
    res.status(200).send('ok')
  })

  return { app, events }
}
