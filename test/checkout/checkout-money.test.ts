import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { CARDS, card, getPayment, postCheckout, tokenOf } from '../support/checkout.ts'
import { findEntriesOfTransaction } from '../../src/modules/ledger/index.ts'
import { createWorker } from '../../src/worker/registry.ts'

// The checkout lifecycle drives the ledger hooks and the provider's refunds end to end.

let p: TestPlatform
let m: Merchant
beforeAll(async () => {
  p = await createTestPlatform({ env: { REFUND_DELAY_MS: '0' } })
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

async function paidWith(number: string) {
  const c = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
  const res = await postCheckout(p.app, 'pay', { token: tokenOf(c.checkout_url), card: card(number) })
  expect(res.json().result).toBe('succeeded')
  const payment = await getPayment(p.app, m.sandboxKey, c.transaction_id)
  return { ...c, numericId: payment.numeric_id as number }
}

const entryKinds = async (transactionId: number) =>
  (await findEntriesOfTransaction(p.ctx.db, transactionId)).map((e) => e.kind)

test('4242: payment received and deposit settled in the same transaction as paid', async () => {
  const c = await paidWith(CARDS.success)
  expect(await entryKinds(c.numericId)).toEqual(['payment_received', 'deposit_settled'])
})

test('0077: only received until the worker settles the deposit; job and sweep settle it once', async () => {
  const c = await paidWith(CARDS.pendingDeposit)
  expect(await entryKinds(c.numericId)).toEqual(['payment_received'])
  p.clock.advance(p.ctx.config.depositSettleDelayMs + 1)
  try {
    const worker = createWorker(p.ctx)
    await worker.runPeriodic()
    await worker.runPeriodic()
  } finally {
    p.clock.advance(-(p.ctx.config.depositSettleDelayMs + 1))
  }
  expect(await entryKinds(c.numericId)).toEqual(['payment_received', 'deposit_settled'])
  expect((await getPayment(p.app, m.sandboxKey, c.transaction_id)).deposit_status).toBe('succeeded')
})

test('5126: the payment succeeds, its refund fails at the provider; a 4242 refund completes', async () => {
  const refundOf = async (transactionId: string) => {
    const res = await p.app.inject({
      method: 'POST',
      url: `/api/transactions/${transactionId}/refund/`,
      headers: apiKeyHeaders(m.sandboxKey),
      payload: { reason: 'Customer request', amount: '10.00' },
    })
    expect(res.statusCode).toBe(200)
    return res.json().refund_public_id as string
  }
  const failing = await paidWith(CARDS.refundFails)
  const working = await paidWith(CARDS.success)
  const failingRefund = await refundOf(failing.transaction_id)
  const workingRefund = await refundOf(working.transaction_id)
  await createWorker(p.ctx).drain()
  const status = async (id: string) =>
    (await p.app.inject({ url: `/api/refunds/${id}/`, headers: apiKeyHeaders(m.sandboxKey) })).json().status
  expect(await status(failingRefund)).toBe('failed')
  expect(await status(workingRefund)).toBe('completed')
  expect((await getPayment(p.app, m.sandboxKey, failing.transaction_id)).status).toBe('paid')
})
