import { recordTransactionChanged } from '../../src/modules/payments/index.ts'
import { WebhookDispatcher } from '../../src/modules/webhooks/dispatcher.ts'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
} from './platform.ts'
import { startReceiver, type Receiver } from './webhook-receiver.ts'

/**
 * Webhook delivery as the dispatcher sees it: the platform, a fresh merchant per test (so endpoints of one
 * test never receive another's events), receivers that `cleanup()` closes, and payment events.
 */
export async function webhookDeliveryFixture() {
  const p = await createTestPlatform()
  const receivers: Receiver[] = []
  let m: Merchant | null = null

  async function freshMerchant() {
    m = await createMerchantFixture(p.ctx)
    return { m, scope: { organizationId: m.organizationId, environment: 'sandbox' as const } }
  }

  async function receiver(respond?: Receiver['respond']) {
    const r = await startReceiver(respond)
    receivers.push(r)
    return r
  }

  const dispatcher = (options: ConstructorParameters<typeof WebhookDispatcher>[1] = {}) =>
    new WebhookDispatcher(p.ctx, { listenUrl: null, random: () => 0.5, ...options })

  /** A sandbox payment of the latest fresh merchant, then a recorded status change (what checkout will do). */
  async function paymentEvent() {
    if (!m) throw new Error('call freshMerchant() first')
    const checkout = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
    const tx = await p.ctx.db
      .selectFrom('transactions')
      .select(['id', 'public_id'])
      .where('public_id', '=', checkout.transaction_id)
      .executeTakeFirstOrThrow()
    const event = await p.ctx.db.transaction().execute((trx) => recordTransactionChanged(trx, tx.id))
    return { checkout, tx, event }
  }

  /** drain() is global: leftovers of one test (dead receivers, retries) must not come due in the next. */
  async function cleanup() {
    await p.ctx.db.updateTable('webhook_deliveries').set({ status: 'failed' }).where('status', '=', 'pending').execute()
    while (receivers.length) await receivers.pop()!.close()
  }

  return { p, freshMerchant, receiver, dispatcher, paymentEvent, cleanup }
}
