import { expectTypeOf, test } from 'vitest'
import {
  Kassa,
  type KassaEvent,
  type KassaEventType,
  type Page,
  type Payment,
  type Refund,
  type WithResponse,
} from '@kassa/node'
import type { EventPayload, EventType } from '../../../src/modules/events/index.ts'

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

// The SDK's event union against the server's event schemas (src/modules/events): the same event
// types, and for each the same payload fields. A new event or field on the server fails this
// typecheck until packages/kassa-node/src/webhooks/events.ts describes it too.
type SdkPayload<T extends KassaEventType> = Omit<Extract<KassaEvent, { event: T }>, 'event' | 'event_id'>
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type FieldsAgree = { [T in EventType]: Same<keyof SdkPayload<T>, keyof EventPayload<T>> extends true ? true : T }
expectTypeOf<KassaEventType>().toEqualTypeOf<EventType>()
expectTypeOf<FieldsAgree[EventType]>().toEqualTypeOf<true>()

test('the type assertions above are compiled by tsc', () => {
  expectTypeOf(typeOnly).toBeFunction()
})
