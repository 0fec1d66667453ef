import { afterAll, beforeAll, expect, test } from 'vitest'
import pino from 'pino'
import type { FastifyBaseLogger } from 'fastify'
import {
  createTestPlatform,
  createMerchantFixture,
  checkoutBody,
  createCheckoutViaApi,
  type TestPlatform,
  type Merchant,
} from '../../../test/support/platform.ts'
import { card, getPayment, postCheckout, tokenOf } from '../../../test/support/checkout.ts'
import { registerProvider, type PaymentProvider } from '../provider/index.ts'
import { scrubCardData } from './payment-flow.service.ts'

// A production processor that cannot be reached: the customer gets a 502, the session is free again,
// nothing is recorded, and the error (which quotes the card) is not logged.

const NUMBER = '4242424242424242'
let calls = 0
const unreachable: PaymentProvider = {
  name: 'test-unreachable',
  confirmCard: async ({ card: c }) => {
    calls++
    throw new Error(`connect ECONNREFUSED while sending card ${c.number} cvc ${c.cvc}`)
  },
  completeChallenge: async () => {
    throw new Error('unreachable')
  },
  depositSettled: async () => false,
  refund: async () => {
    throw new Error('unreachable')
  },
}
registerProvider(unreachable.name, () => unreachable)

const logLines: string[] = []
let p: TestPlatform
let m: Merchant
beforeAll(async () => {
  const log = pino({ level: 'trace' }, { write: (line: string) => logLines.push(line) }) as unknown as FastifyBaseLogger
  p = await createTestPlatform({ env: { PRODUCTION_PROVIDER: unreachable.name }, log })
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

test('provider unreachable: 502, lease released, no attempt, the card never logged', async () => {
  const c = await createCheckoutViaApi(p.app, m.productionKey, checkoutBody(m.productId))
  const token = tokenOf(c.checkout_url)
  for (let i = 0; i < 2; i++) {
    const res = await postCheckout(p.app, 'pay', { token, card: card(NUMBER, { cvc: '735' }) })
    expect(res.statusCode).toBe(502)
    expect(res.json()).toMatchObject({ code: 'provider_error' })
  }
  expect(calls).toBe(2) // the second try was not blocked by a stale lease
  const payment = await getPayment(p.app, m.productionKey, c.transaction_id)
  expect(payment).toMatchObject({ status: 'processing', depositAttempts: [] })
  const logs = logLines.join('')
  expect(logs).toContain('payment provider call failed')
  expect(logs).not.toContain(NUMBER)
  expect(logs).not.toContain('cvc 735')
  expect(logs).toContain('while sending card [redacted] cvc [redacted]')
})

test('scrubCardData cuts card-like digit runs and the given secrets, nothing else', () => {
  expect(scrubCardData('card 4242 4242 4242 4242 / 4000-0000-0000-0002 cvc 735 at 12:35, order 1735', ['735'])).toBe(
    'card [redacted] / [redacted] cvc [redacted] at 12:35, order 1735',
  )
})
