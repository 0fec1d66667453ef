import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { IllegalTransitionError, transitionPayment } from './payment-lifecycle.service.ts'

// transitionPayment in the database: refused transitions throw, a lost compare-and-set returns null.

let p: TestPlatform
let m: Merchant
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

async function processingPayment() {
  const c = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
  return p.ctx.db
    .selectFrom('transactions')
    .selectAll()
    .where('public_id', '=', c.transaction_id)
    .executeTakeFirstOrThrow()
}

const eventCount = async (publicId: string) =>
  Number(
    (
      await p.ctx.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('subject_id', '=', publicId)
        .executeTakeFirstOrThrow()
    ).n,
  )

test('an allowed transition updates the row and records one event', async () => {
  const tx = await processingPayment()
  const paid = await transitionPayment(p.ctx.db, tx, 'paid')
  expect(paid?.status).toBe('paid')
  expect(await eventCount(tx.public_id)).toBe(1)
})

test('a refused transition throws and changes nothing', async () => {
  const tx = await processingPayment()
  await expect(transitionPayment(p.ctx.db, tx, 'refunded')).rejects.toBeInstanceOf(IllegalTransitionError)
  const failed = await transitionPayment(p.ctx.db, tx, 'failed')
  await expect(transitionPayment(p.ctx.db, failed!, 'paid')).rejects.toThrow('A payment cannot go from failed to paid.')
  expect(
    (await p.ctx.db.selectFrom('transactions').select('status').where('id', '=', tx.id).executeTakeFirstOrThrow())
      .status,
  ).toBe('failed')
})

test('a stale caller loses the compare-and-set: null, no event', async () => {
  const tx = await processingPayment()
  expect(await transitionPayment(p.ctx.db, tx, 'canceled')).not.toBeNull()
  expect(await transitionPayment(p.ctx.db, tx, 'paid')).toBeNull() // `tx` still says processing
  expect(await eventCount(tx.public_id)).toBe(1)
})
