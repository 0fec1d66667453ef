import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildApp } from '../../src/app.ts'
import { deleteEndedWindows } from '../../src/db/rate-limits.ts'
import { CARDS, card, postCheckout, tokenOf } from '../support/checkout.ts'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'

// Two API processes on one database (two apps, each its own context, as two processes would have):
// the pay-attempt limit is counted in PostgreSQL, so it holds across both.

let p: TestPlatform
let second: FastifyInstance
let m: Merchant
beforeAll(async () => {
  p = await createTestPlatform({ env: { CHECKOUT_PAY_RATE_PER_TOKEN: '3', CHECKOUT_MAX_ATTEMPTS: '10' } })
  second = await buildApp({ ...p.ctx, log: p.ctx.log })
  await second.ready()
  m = await createMerchantFixture(p.ctx)
})
afterAll(async () => {
  await second.close()
  await p.close()
})

describe('pay-attempt rate limits shared through the database', () => {
  test('hits on two API processes count against one limit per checkout token', async () => {
    const checkout = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
    const pay = (app: FastifyInstance) =>
      postCheckout(app, 'pay', { token: tokenOf(checkout.checkout_url), card: card(CARDS.declined) })
    const statuses = [(await pay(p.app)).statusCode, (await pay(second)).statusCode, (await pay(p.app)).statusCode]
    expect(statuses).not.toContain(429)
    const limited = await pay(second)
    expect(limited.statusCode).toBe(429)
    expect(limited.json().code).toBe('too_many_attempts')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60)
    // The next window starts fresh, for both processes.
    p.clock.advance(61_000)
    expect((await pay(second)).statusCode).not.toBe(429)
  })

  test('ended windows are deleted in batches', async () => {
    const removed = await deleteEndedWindows(p.ctx.db, new Date(p.clock.now().getTime() + 120_000), 1000)
    expect(removed).toBeGreaterThanOrEqual(1)
    const left = await p.ctx.db.selectFrom('rate_limit_hits').selectAll().execute()
    expect(left).toHaveLength(0)
  })
})
