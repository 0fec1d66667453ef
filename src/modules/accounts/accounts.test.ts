import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  type TestPlatform,
  type Merchant,
} from '../../../test/support/platform.ts'
import { createUserWithRole, login, tokenHeaders } from '../../../test/support/dashboard.ts'
import { expectError } from '../../../test/support/errors.ts'

// Account lifecycle: self-service signup (off unless ALLOW_SIGNUP) and password change.

let p: TestPlatform
let m: Merchant
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  p.app.inject({ method: 'POST', url, payload: payload as object, headers })
const me = (token: string) => p.app.inject({ url: '/api/auth/me/', headers: tokenHeaders(token) })

describe('password change', () => {
  test('revokes the other sessions, keeps this one, and the old password stops working', async () => {
    const user = await createUserWithRole(p.ctx, p.app, m.organizationId, 'developer')
    const other = await login(p.app, user.email, user.password)
    expectError(
      await post(
        '/api/auth/password/',
        { current_password: 'wrong', new_password: 'a-new-long-password' },
        tokenHeaders(user.token),
      ),
      400,
      'validation_error',
    )
    const short = await post(
      '/api/auth/password/',
      { current_password: user.password, new_password: 'short' },
      tokenHeaders(user.token),
    )
    expect(short.json().errors.new_password).toBeTruthy()
    const res = await post(
      '/api/auth/password/',
      { current_password: user.password, new_password: 'a-new-long-password' },
      tokenHeaders(user.token),
    )
    expect(res.statusCode).toBe(200)
    expect(res.json().other_sessions_revoked).toBe(1)
    expect((await me(user.token)).statusCode).toBe(200)
    expectError(await me(other), 401, 'not_authenticated')
    expectError(
      await post('/api/auth/login/', { email: user.email, password: user.password }),
      401,
      'invalid_credentials',
    )
    expect(await login(p.app, user.email, 'a-new-long-password')).toBeTruthy()
  })
})

describe('signup', () => {
  test('off by default', async () => {
    const res = await post('/api/auth/signup/', {
      email: 'new@example.com',
      password: 'long-enough-pw',
      organization_name: 'New',
    })
    expectError(res, 403, 'signup_disabled')
  })

  test('with ALLOW_SIGNUP=true creates an organization and its owner, signed in', async () => {
    const q = await createTestPlatform({ env: { ALLOW_SIGNUP: 'true' } })
    try {
      const res = await q.app.inject({
        method: 'POST',
        url: '/api/auth/signup/',
        payload: { email: 'founder@example.com', password: 'long-enough-pw', organization_name: 'Founder Co' },
      })
      expect(res.statusCode).toBe(201)
      const who = await q.app.inject({ url: '/api/auth/me/', headers: tokenHeaders(res.json().token) })
      expect(who.json()).toMatchObject({ role: 'owner', organization: { name: 'Founder Co' } })
      const dup = await q.app.inject({
        method: 'POST',
        url: '/api/auth/signup/',
        payload: { email: 'FOUNDER@example.com', password: 'long-enough-pw', organization_name: 'X' },
      })
      expectError(dup, 409, 'email_taken')
      const bad = await q.app.inject({
        method: 'POST',
        url: '/api/auth/signup/',
        payload: { email: 'x', password: 'short' },
      })
      expectError(bad, 400, 'validation_error')
    } finally {
      await q.close()
    }
  })
})
