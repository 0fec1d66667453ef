import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  apiKeyHeaders,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../test/support/platform.ts'
import { login, tokenHeaders } from '../../test/support/dashboard.ts'
import { requestIssues } from './request-guards.ts'

// Runs on PGlite and on PostgreSQL (KASSA_TEST_DB=postgres): PostgreSQL is where a 0x00 byte in text
// fails ("invalid byte sequence for encoding UTF8: 0x00"), so every case here once answered 500 there.
let p: TestPlatform
let m: Merchant
let token: string
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  token = await login(p.app, m.email, m.password)
})
afterAll(() => p.close())

const expectFieldError = (res: { statusCode: number; json(): any }, field: string, message: RegExp) => {
  expect(res.statusCode).toBe(400)
  expect(res.json().code).toBe('validation_error')
  expect(Object.keys(res.json().errors)).toContain(field)
  expect(res.json().errors[field][0]).toMatch(message)
  expect(res.json().detail).toContain(field)
}

describe('a NUL character in any string is a 400 naming the field', () => {
  test('query: GET /api/refunds/?search=%00', async () => {
    const res = await p.app.inject({ url: '/api/refunds/?search=%00', headers: apiKeyHeaders(m.sandboxKey) })
    expectFieldError(res, 'search', /NUL/)
  })

  test('path: GET /api/products/a%00/', async () => {
    const res = await p.app.inject({ url: '/api/products/a%00/', headers: tokenHeaders(token) })
    expectFieldError(res, 'id', /NUL/)
  })

  test('JSON body: billing_first_name on checkout create, nothing written', async () => {
    const before = await p.ctx.db
      .selectFrom('checkout_sessions')
      .select(p.ctx.db.fn.countAll().as('n'))
      .executeTakeFirst()
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/checkout/create/',
      headers: apiKeyHeaders(m.sandboxKey),
      payload: {
        billing_country: 'US',
        billing_postal_code: '94103',
        billing_first_name: 'A\u0000da',
        billing_last_name: 'Lovelace',
        billing_email: 'ada@example.com',
        currency: 'USD',
        products: [{ id: m.productId, quantity: 1 }],
      },
    })
    expectFieldError(res, 'billing_first_name', /NUL/)
    const after = await p.ctx.db
      .selectFrom('checkout_sessions')
      .select(p.ctx.db.fn.countAll().as('n'))
      .executeTakeFirst()
    expect(after).toEqual(before)
  })

  test('JSON body: product name, nested price currency', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/products/',
      headers: tokenHeaders(token),
      payload: { name: 'Mug\u0000', prices: [{ currency: 'US\u0000', amount: '5.00' }] },
    })
    expectFieldError(res, 'name', /NUL/)
    expect(res.json().errors['prices.0.currency'][0]).toMatch(/NUL/)
  })

  test('the login email, before authentication', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login/',
      payload: { email: `${m.email}\u0000`, password: m.password },
    })
    expectFieldError(res, 'email', /NUL/)
  })

  test('raw %00 inside a JSON string escape and a NUL in a key', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login/',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":"a@example.com","password":"x","x\\u0000y":1}',
    })
    expectFieldError(res, 'x\u0000y', /NUL/)
  })
})

describe('__proto__ and constructor.prototype keys are a 400 naming the field, not "not valid JSON"', () => {
  test('top-level __proto__', async () => {
    const res = await p.app.inject({
      method: 'PATCH',
      url: '/api/organization/',
      headers: { ...tokenHeaders(token), 'content-type': 'application/json' },
      payload: '{"name":"Shop","__proto__":{"admin":true}}',
    })
    expectFieldError(res, '__proto__', /not allowed/)
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
  })

  test('nested constructor.prototype', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/products/',
      headers: { ...tokenHeaders(token), 'content-type': 'application/json' },
      payload: '{"name":"Mug","prices":[{"currency":"USD","amount":"5.00","constructor":{"prototype":{"x":1}}}]}',
    })
    expectFieldError(res, 'prices.0.constructor', /not allowed/)
  })

  test('a field merely named constructor (no prototype inside) is judged by the schema only', () => {
    expect(requestIssues({ params: {}, query: {}, body: { constructor: 'x' } })).toEqual({})
    const issues = requestIssues({ params: {}, query: {}, body: JSON.parse('{"a":[{"__proto__":1}]}') })
    expect(Object.entries(issues)).toEqual([['a.0.__proto__', ['This field name is not allowed.']]])
  })
})

describe('field names that are Object.prototype members are named like any other', () => {
  test('{"constructor": 1} and {"toString": 1} on PATCH /api/organization/ → 400 Unknown field (once 500)', async () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      const res = await p.app.inject({
        method: 'PATCH',
        url: '/api/organization/',
        headers: tokenHeaders(token),
        payload: { [name]: 1 },
      })
      expectFieldError(res, name, /Unknown field/)
    }
  })
})

describe('the document says what the server does', () => {
  test('every operation documents 400; PATCH /api/organization/ refuses unknown fields in both', async () => {
    const doc = (await p.app.inject({ url: '/api/schema/' })).json()
    for (const [path, item] of Object.entries<any>(doc.paths))
      for (const [method, op] of Object.entries<any>(item))
        expect(op.responses, `${method} ${path}`).toHaveProperty('400')
    const patch = doc.paths['/api/organization/'].patch.requestBody.content['application/json'].schema
    expect(patch.additionalProperties).toBe(false)
    const res = await p.app.inject({
      method: 'PATCH',
      url: '/api/organization/',
      headers: tokenHeaders(token),
      payload: { colour: 'blue', min_payment: '0.01' },
    })
    expectFieldError(res, 'colour', /Unknown field/)
    expect(res.json().errors.min_payment[0]).toMatch(/read-only/)
  })

  test('an empty Idempotency-Key is refused and documented with minLength 1', async () => {
    const doc = (await p.app.inject({ url: '/api/schema/' })).json()
    const header = doc.paths['/api/checkout/create/'].post.parameters.find((x: any) => x.name === 'idempotency-key')
    expect(header.schema.minLength).toBe(1)
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/checkout/create/',
      headers: { ...apiKeyHeaders(m.sandboxKey), 'idempotency-key': '' },
      payload: {
        billing_country: 'US',
        billing_postal_code: '94103',
        billing_first_name: 'Ada',
        billing_last_name: 'Lovelace',
        billing_email: 'ada@example.com',
        currency: 'USD',
        products: [{ id: m.productId, quantity: 1 }],
      },
    })
    expectFieldError(res, 'Idempotency-Key', /blank/)
  })

  test('a path id longer than its maxLength is the documented 400', async () => {
    const res = await p.app.inject({ url: `/api/products/${'x'.repeat(65)}/`, headers: tokenHeaders(token) })
    expectFieldError(res, 'id', /no more than 64/)
  })
})
