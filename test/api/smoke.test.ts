import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  checkoutBody,
  apiKeyHeaders,
  type TestPlatform,
  type Merchant,
} from '../support/platform.ts'

let p: TestPlatform
let m: Merchant
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

test('checkout create then read the payment', async () => {
  const res = await p.app.inject({
    method: 'POST',
    url: '/api/checkout/create/',
    headers: apiKeyHeaders(m.sandboxKey),
    payload: checkoutBody(m.productId),
  })
  expect(res.statusCode).toBe(201)
  const tx = await p.app.inject({
    url: `/api/transactions/${res.json().transaction_id}/`,
    headers: apiKeyHeaders(m.sandboxKey),
  })
  expect(tx.statusCode).toBe(200)
  expect(tx.json().status).toBe('processing')
})
