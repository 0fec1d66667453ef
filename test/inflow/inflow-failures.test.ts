import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runProcessorReconciliation } from '../../src/worker/processor-reconcile.task.ts'
import { CARDS, getPayment } from '../support/checkout.ts'
import {
  comeBack,
  type InflowPlatform,
  payOnInflow,
  pressPay,
  productionCheckout,
  startInflowPlatform,
} from '../support/inflow.ts'
import { createMerchantFixture, type Merchant } from '../support/platform.ts'

// Inflow has no idempotency keys: a create that failed with 500 or timed out is never repeated while it
// may exist; it is resolved by reading (the payment_created webhook names it through Kassa's reference).

let p: InflowPlatform
let m: Merchant

beforeAll(async () => {
  p = await startInflowPlatform()
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p?.close())

const inflowPaymentsOf = (checkoutId: string) =>
  [...p.fake.store.payments.values()].filter((x) => x.metadatas?.checkoutSessionId === checkoutId)
const attemptsOf = (checkoutId: string) =>
  p.ctx.db
    .selectFrom('processor_payments as a')
    .innerJoin('checkout_sessions as s', 's.id', 'a.checkout_session_id')
    .select(['a.state', 'a.provider_payment_id'])
    .where('s.public_id', '=', checkoutId)
    .orderBy('a.id')
    .execute()

describe('Inflow create failures', () => {
  test('500 on create: the customer is told to wait, no second payment while it is unknown', async () => {
    const c = await productionCheckout(p, m)
    p.fake.control({ failNextCreate: true })
    const first = await pressPay(p, c.token)
    expect(first.statusCode).toBe(502)
    expect(first.json()).toMatchObject({
      code: 'provider_error',
      detail: expect.stringContaining('try again in a few minutes'),
    })
    expect(await attemptsOf(c.checkout_id)).toEqual([{ state: 'unknown', provider_payment_id: null }])
    const again = await pressPay(p, c.token)
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ code: 'attempt_unconfirmed' })
    expect(inflowPaymentsOf(c.checkout_id)).toHaveLength(0)
    // No trace of it for 10 minutes (no webhook named its reference): given up, a new payment may start.
    p.clock.advance(10 * 60_000 + 1000)
    await runProcessorReconciliation(p.ctx)
    expect((await attemptsOf(c.checkout_id))[0].state).toBe('abandoned')
    const later = await pressPay(p, c.token)
    expect(later.statusCode).toBe(200)
    expect(inflowPaymentsOf(c.checkout_id)).toHaveLength(1)
  })

  test('timeout on create: the payment_created webhook names it; Pay again reuses it, never a second one', async () => {
    const c = await productionCheckout(p, m)
    p.fake.control({ hangNextCreate: true })
    const first = await pressPay(p, c.token)
    expect(first.statusCode).toBe(502)
    expect(inflowPaymentsOf(c.checkout_id)).toHaveLength(1)
    await p.settle()
    const [created] = inflowPaymentsOf(c.checkout_id)
    expect(await attemptsOf(c.checkout_id)).toEqual([{ state: 'open', provider_payment_id: created.id }])
    const again = await pressPay(p, c.token)
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json().redirect_url).toBe(`${p.fake.url}/pay/${created.id}`)
    await comeBack(p, await payOnInflow(again.json().redirect_url, CARDS.success))
    expect(inflowPaymentsOf(c.checkout_id)).toHaveLength(1)
    expect(await getPayment(p.app, m.productionKey, c.transaction_id)).toMatchObject({ status: 'paid' })
  })

  test('lost webhooks: the reconciliation reads settle the payment on schedule', async () => {
    const c = await productionCheckout(p, m)
    const res = await pressPay(p, c.token)
    p.fake.control({ webhooksPaused: true })
    await payOnInflow(res.json().redirect_url, CARDS.success)
    await new Promise((r) => setTimeout(r, 100))
    expect(await getPayment(p.app, m.productionKey, c.transaction_id)).toMatchObject({ status: 'processing' })
    await runProcessorReconciliation(p.ctx)
    expect(await getPayment(p.app, m.productionKey, c.transaction_id)).toMatchObject({ status: 'processing' })
    p.clock.advance(15_000)
    await runProcessorReconciliation(p.ctx)
    expect(await getPayment(p.app, m.productionKey, c.transaction_id)).toMatchObject({
      status: 'paid',
      deposit_status: 'succeeded',
    })
    p.fake.control({ webhooksPaused: false })
  })
})
