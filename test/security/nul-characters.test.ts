import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  apiKeyHeaders,
  checkoutBody,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'

// A NUL character (U+0000) in any string — query, path, JSON body — is a 400 naming the field, never
// PostgreSQL's "invalid byte sequence for encoding UTF8: 0x00" as a 500; before authentication too.

let p: TestPlatform
let m: Merchant
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

function expectNulRefused(res: { statusCode: number; json(): any }, field: string) {
  expect(res.statusCode).toBe(400)
  expect(res.json().code).toBe('validation_error')
  expect(Object.keys(res.json().errors)).toEqual([field])
}

describe('NUL characters', () => {
  test('in a query string (%00)', async () => {
    const res = await p.app.inject({ url: '/api/refunds/?search=%00', headers: apiKeyHeaders(m.sandboxKey) })
    expectNulRefused(res, 'search')
  })

  test('in a path segment, before authentication', async () => {
    expectNulRefused(await p.app.inject({ url: '/api/products/a%00/' }), 'id')
  })

  test('in a JSON body field, with the field path', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/checkout/create/',
      headers: apiKeyHeaders(m.sandboxKey),
      payload: checkoutBody(m.productId, { billing_first_name: 'Ada\u0000' }),
    })
    expectNulRefused(res, 'billing_first_name')
    const nested = await p.app.inject({
      method: 'POST',
      url: '/api/checkout/create/',
      headers: apiKeyHeaders(m.sandboxKey),
      payload: checkoutBody(m.productId, { products: [{ id: `${m.productId}\u0000`, quantity: 1 }] }),
    })
    expectNulRefused(nested, 'products[0].id')
  })

  test('in the login email, before any credential is checked', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login/',
      payload: { email: 'a\u0000@example.com', password: 'whatever-password' },
    })
    expectNulRefused(res, 'email')
  })

  test('ordinary text still passes', async () => {
    const res = await p.app.inject({ url: '/api/refunds/?search=ada', headers: apiKeyHeaders(m.sandboxKey) })
    expect(res.statusCode).toBe(200)
  })
})
