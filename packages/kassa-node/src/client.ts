import { Requester, type KassaOptions, type RequestOptions } from './request.ts'
import { CheckoutResource, PaymentsResource, RefundsResource } from './resources.ts'
import type { KassaEvent } from './webhooks/events.ts'
import { streamEvents } from './webhooks/stream.ts'
import { verifyWebhook } from './webhooks/verify.ts'

/** Webhook helpers that need no client: `Kassa.webhooks.verify(rawBody, headers, secret)`. */
export const webhooks = { verify: verifyWebhook } as const

/**
 * The Kassa API client. `new Kassa({ apiKey, baseUrl })`, then `kassa.checkout`, `kassa.payments`,
 * `kassa.refunds`, `kassa.webhooks`. Every call throws a `KassaError` on failure.
 */
export class Kassa {
  static readonly webhooks = webhooks

  readonly checkout: CheckoutResource
  readonly payments: PaymentsResource
  readonly refunds: RefundsResource
  readonly webhooks: {
    verify: typeof verifyWebhook
    /** Sandbox events as they happen (GET /api/webhooks/stream/), as `kassa listen` shows them. */
    stream(options?: RequestOptions): AsyncGenerator<KassaEvent>
  }

  constructor(options: KassaOptions) {
    const requester = new Requester(options)
    this.checkout = new CheckoutResource(requester)
    this.payments = new PaymentsResource(requester)
    this.refunds = new RefundsResource(requester)
    this.webhooks = { verify: verifyWebhook, stream: (streamOptions) => streamEvents(requester, streamOptions) }
  }
}
