import { expectTypeOf, test } from 'vitest'
import { Kassa, type KassaEvent, type Page, type Payment, type Refund, type WithResponse } from '@kassa/node'

// Typed end to end: these lines are checked by `tsc --noEmit` (a wrong type fails the typecheck);
// the test body only runs to keep vitest honest about the file.

const kassa = new Kassa({ apiKey: 'sk_test', baseUrl: 'http://127.0.0.1:1', maxRetries: 0 })

function typeOnly() {
  // @ts-expect-error billing fields and products are required
  void kassa.checkout.create({ currency: 'USD' })
  void kassa.checkout.create({
    billing_country: 'US',
    billing_first_name: 'Ada',
    billing_last_name: 'Lovelace',
    billing_email: 'ada@example.com',
    // @ts-expect-error only the currencies the API accepts
    currency: 'GBP',
    products: [{ id: 'prod_1' }],
  })
  // @ts-expect-error a refund needs a reason
  void kassa.refunds.create('TX1', { amount: '1.00' })
  // @ts-expect-error status filter is an enum
  void kassa.refunds.list({ status: 'done' })
  expectTypeOf(kassa.payments.get('TX1')).resolves.toEqualTypeOf<WithResponse<Payment>>()
  expectTypeOf<Payment['status']>().toEqualTypeOf<
    'processing' | 'paid' | 'failed' | 'canceled' | 'refund_pending' | 'partially_refunded' | 'refunded'
  >()
  expectTypeOf<Awaited<ReturnType<typeof kassa.refunds.list>>>().toEqualTypeOf<Page<Refund>>()
  const event = Kassa.webhooks.verify('{}', {}, 'whsec_x')
  expectTypeOf(event).toEqualTypeOf<KassaEvent>()
  if (event.event === 'refund.status_changed') expectTypeOf(event.status).toEqualTypeOf<Refund['status']>()
  if (event.event === 'transaction.status_changed') expectTypeOf(event.status).toEqualTypeOf<Payment['status']>()
  // @ts-expect-error a test event has no payment status
  if (event.event === 'webhook.test') void event.status
}

test('the type assertions above are compiled by tsc', () => {
  expectTypeOf(typeOnly).toBeFunction()
})
