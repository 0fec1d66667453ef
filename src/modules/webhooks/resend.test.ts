import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { startReceiver, type Receiver } from '../../../test/support/webhook-receiver.ts'
import { AppError } from '../../lib/errors.ts'
import { recordTransactionChanged } from '../payments/index.ts'
import { createEndpoint, disableEndpoint } from './endpoints.service.ts'
import { listDeliveries, replayEvent, resendTransactionEvent, sendTestEvent } from './deliveries.service.ts'
import { WebhookDispatcher } from './dispatcher.ts'
import { schemaErrors } from '../../../test/support/schema-check.ts'
import { QueuedDeliveries, WebhookDelivery, WebhookDeliveryDetail } from './webhooks.schemas.ts'
import { getDelivery } from './deliveries.service.ts'

let p: TestPlatform
let m: Merchant
let other: Merchant
let r: Receiver
let scope: { organizationId: number; environment: 'sandbox' }
let endpointId: string
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  other = await createMerchantFixture(p.ctx)
  scope = { organizationId: m.organizationId, environment: 'sandbox' }
  r = await startReceiver()
  endpointId = (await createEndpoint(p.ctx, scope, { url: r.url })).endpoint.id
})
afterAll(async () => {
  await r.close()
  await p.close()
})
afterEach(() => {
  r.requests.length = 0
})

const drain = () => new WebhookDispatcher(p.ctx, { listenUrl: null }).drain()

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

async function payment() {
  const checkout = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
  const tx = await p.ctx.db
    .selectFrom('transactions')
    .select(['id', 'public_id'])
    .where('public_id', '=', checkout.transaction_id)
    .executeTakeFirstOrThrow()
  return tx
}

describe('resend, replay and test events', () => {
  it('resends transaction.status_changed for a payment with a fresh delivery id', async () => {
    const tx = await payment()
    await p.ctx.db.transaction().execute((trx) => recordTransactionChanged(trx, tx.id))
    await drain()
    const [original] = await r.waitFor(1)
    const queued = await resendTransactionEvent(p.ctx, scope, { transactionId: tx.public_id })
    expect(queued.deliveries).toHaveLength(1)
    expect(queued.deliveries[0]).toMatchObject({
      endpoint_id: endpointId,
      kind: 'resend',
      event_type: 'transaction.status_changed',
    })
    expect(await drain()).toMatchObject([{ status: 'succeeded' }])
    const [, resent] = await r.waitFor(2)
    expect(resent.headers['x-webhook-delivery-id']).toBe(queued.deliveries[0].delivery_id)
    expect(resent.headers['x-webhook-delivery-id']).not.toBe(original.headers['x-webhook-delivery-id'])
    expect(JSON.parse(resent.body).event_id).toBe(JSON.parse(original.body).event_id)
    expect(JSON.parse(resent.body).transaction_id).toBe(tx.public_id)
    // Numeric id works too; another organization's payment is a 404.
    expect((await resendTransactionEvent(p.ctx, scope, { transactionId: String(tx.id) })).deliveries).toHaveLength(1)
    await drain()
    const otherScope = { organizationId: other.organizationId, environment: 'sandbox' as const }
    expect((await appError(resendTransactionEvent(p.ctx, otherScope, { transactionId: tx.public_id }))).status).toBe(
      404,
    )
    expect(
      (
        await appError(
          resendTransactionEvent(p.ctx, { ...scope, environment: 'production' }, { transactionId: tx.public_id }),
        )
      ).status,
    ).toBe(404)
  })

  it('resend records the payment state first when no event exists yet', async () => {
    const tx = await payment()
    await resendTransactionEvent(p.ctx, scope, { transactionId: tx.public_id })
    const results = await drain()
    // The automatic delivery of the new event and the resend itself.
    expect(results).toHaveLength(2)
    const bodies = (await r.waitFor(2)).map((q) => JSON.parse(q.body))
    expect(bodies.every((b) => b.transaction_id === tx.public_id && b.event === 'transaction.status_changed')).toBe(
      true,
    )
  })

  it('replays an event of the last 30 days to an endpoint, refuses older ones', async () => {
    const tx = await payment()
    const event = await p.ctx.db.transaction().execute((trx) => recordTransactionChanged(trx, tx.id))
    await drain()
    const queued = await replayEvent(p.ctx, scope, { eventId: event.public_id, endpointId })
    expect(queued.deliveries[0]).toMatchObject({ kind: 'replay', event_id: event.public_id })
    await drain()
    const requests = await r.waitFor(2)
    expect(requests[1].headers['x-webhook-delivery-id']).toBe(queued.deliveries[0].delivery_id)
    expect(requests[1].body).toBe(requests[0].body)
    const err = await appError(replayEvent(p.ctx, scope, { eventId: 'nope', endpointId: '' }))
    expect(Object.keys(err.errors!).sort()).toEqual(['endpoint_id', 'event_id'])
    expect(
      (
        await appError(
          replayEvent(
            p.ctx,
            { organizationId: other.organizationId, environment: 'sandbox' },
            { eventId: event.public_id, endpointId },
          ),
        )
      ).status,
    ).toBe(404)
    p.clock.advance(31 * 86_400_000)
    try {
      expect((await appError(replayEvent(p.ctx, scope, { eventId: event.public_id, endpointId }))).code).toBe(
        'event_too_old',
      )
    } finally {
      p.clock.advance(-31 * 86_400_000)
    }
  })

  it('sends webhook.test to every enabled endpoint or to one', async () => {
    const r2 = await startReceiver()
    try {
      const second = await createEndpoint(p.ctx, scope, { url: r2.url, event_types: ['refund.status_changed'] })
      const queued = await sendTestEvent(p.ctx, scope)
      expect(queued.deliveries.map((d) => d.endpoint_id).sort()).toEqual([endpointId, second.endpoint.id].sort())
      await drain()
      const [test] = await r.waitFor(1)
      expect(test.headers['x-webhook-event']).toBe('webhook.test')
      expect(JSON.parse(test.body)).toMatchObject({ event: 'webhook.test', event_id: queued.event_id })
      await r2.waitFor(1)
      await sendTestEvent(p.ctx, scope, { endpointId: second.endpoint.id })
      await drain()
      expect(r.requests).toHaveLength(1)
      expect(r2.requests).toHaveLength(2)
      await disableEndpoint(p.ctx, scope, second.endpoint.id)
      expect((await appError(sendTestEvent(p.ctx, scope, { endpointId: second.endpoint.id }))).code).toBe(
        'webhook_endpoint_disabled',
      )
      expect(
        (await appError(sendTestEvent(p.ctx, { organizationId: other.organizationId, environment: 'sandbox' }))).code,
      ).toBe('no_webhook_endpoints')
      const history = await listDeliveries(p.ctx, scope, { endpointId: second.endpoint.id })
      // The service results match the schemas the dashboard routes will declare.
      expect(
        schemaErrors(QueuedDeliveries, {
          event_id: queued.event_id,
          deliveries: queued.deliveries.map(({ row_id: _, ...d }) => d),
        }),
      ).toEqual([])
      for (const d of history) expect(schemaErrors(WebhookDelivery, d)).toEqual([])
      expect(schemaErrors(WebhookDeliveryDetail, await getDelivery(p.ctx, scope, history[0].delivery_id))).toEqual([])
      expect(history.map((d) => d.kind)).toEqual(['test', 'test'])
      const page2 = await listDeliveries(p.ctx, scope, {
        limit: 1,
        before: history[0].delivery_id,
        endpointId: second.endpoint.id,
      })
      expect(page2.map((d) => d.delivery_id)).toEqual([history[1].delivery_id])
      expect((await appError(listDeliveries(p.ctx, scope, { before: 'nope' }))).errors).toHaveProperty('before')
      expect(
        (
          await appError(
            listDeliveries(
              p.ctx,
              { organizationId: other.organizationId, environment: 'sandbox' },
              { before: history[0].delivery_id },
            ),
          )
        ).status,
      ).toBe(400)
      expect(history.every((d) => d.status === 'succeeded')).toBe(true)
    } finally {
      await r2.close()
    }
  })
})
