import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { EVENT_SCHEMAS } from '../../src/modules/events/events.schemas.ts'
import { sendTestEvent } from '../../src/modules/webhooks/deliveries.service.ts'
import { createEndpoint, disableEndpointForFailures } from '../../src/modules/webhooks/endpoints.service.ts'
import { payPayment } from '../support/payments.ts'
import { subscriptionHarness, tokenOf } from '../support/subscriptions.ts'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'

// The events reference (docs/reference/events.md) is generated from EVENT_SCHEMAS, and insertEvent's
// types check the writers' object literals; this checks what is really recorded, spreads included:
// every payload of every event type has exactly the documented fields, of the documented types.

let p: TestPlatform
let m: Merchant

beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

/** The schema with no field beyond the documented ones, at every level. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed)
  if (!schema || typeof schema !== 'object') return schema
  const copy = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closed(v)]))
  return copy.type === 'object' ? { ...copy, additionalProperties: false } : copy
}

test('every recorded event has exactly the fields its reference page documents', async () => {
  const scope = { organizationId: m.organizationId, environment: 'sandbox' as const }
  const checkout = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
  await payPayment(p.ctx, checkout.transaction_id, { settled: true })
  const refund = await p.app.inject({
    method: 'POST',
    url: `/api/transactions/${checkout.transaction_id}/refund/`,
    headers: apiKeyHeaders(m.sandboxKey),
    payload: { reason: 'Customer request', amount: '5.00' },
  })
  expect(refund.statusCode).toBe(200)
  const { endpoint } = await createEndpoint(p.ctx, scope, { url: 'http://127.0.0.1:9/hooks' })
  await sendTestEvent(p.ctx, scope)
  const row = await p.ctx.db
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('public_id', '=', endpoint.id)
    .executeTakeFirstOrThrow()
  await p.ctx.db
    .transaction()
    .execute((trx) => disableEndpointForFailures(p.ctx, trx, row.id, 'gone', p.ctx.clock.now()))

  const events = await p.ctx.db
    .selectFrom('events')
    .select(['type', 'payload'])
    .where('organization_id', '=', m.organizationId)
    .execute()
  const subscriptionEvents = await recordSubscriptionEvents()
  expect(new Set([...events, ...subscriptionEvents].map((e) => e.type))).toEqual(new Set(Object.keys(EVENT_SCHEMAS)))

  const ajv = new Ajv2020.default({ strict: false, allErrors: true })
  addFormats.default(ajv)
  for (const event of [...events, ...subscriptionEvents]) {
    const validate = ajv.compile(closed(EVENT_SCHEMAS[event.type as keyof typeof EVENT_SCHEMAS]) as object)
    const payload = typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload
    expect(validate(payload) ? [] : validate.errors, `${event.type} ${JSON.stringify(payload)}`).toEqual([])
    expect(payload.event).toBe(event.type)
  }
})

/** A trial subscription on a test clock: status changes, the 3-day trial notice and an update. */
async function recordSubscriptionEvents() {
  const h = await subscriptionHarness()
  try {
    const clock = await h.newClock('2027-03-01T00:00:00Z')
    const sub = await h.newSubscription({ test_clock_id: clock, trial_days: 14 })
    await h.payOnPage(tokenOf(sub))
    await h.api('PATCH', `/api/subscriptions/${sub.id}/`, { metadata: { plan: 'team' } })
    await h.advance(clock, '2027-03-12T00:00:00Z')
    return await h.p.ctx.db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('organization_id', '=', h.m.organizationId)
      .where('type', 'like', 'subscription.%')
      .execute()
  } finally {
    await h.p.close()
  }
}
