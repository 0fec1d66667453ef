import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  apiKeyHeaders,
  type TestPlatform,
  type Merchant,
} from '../../../test/support/platform.ts'
import { createUserWithRole, login, tokenHeaders } from '../../../test/support/dashboard.ts'
import { expectError } from '../../../test/support/errors.ts'

// Signing in to the dashboard: the session token, its expiry and the credential types each route takes.

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
const MINUTE = 60_000

describe('login and sessions', () => {
  test('login returns a token that authenticates /me', async () => {
    const res = await post('/api/auth/login/', { email: m.email.toUpperCase(), password: m.password })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/)
    expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now())
    const who = await me(body.token)
    expect(who.statusCode).toBe(200)
    expect(who.json()).toMatchObject({
      email: m.email,
      role: 'owner',
      two_factor_enabled: false,
      organization_id: m.organizationId,
      organization: { id: m.organizationId },
    })
    expect(who.json().permissions).toEqual(
      expect.arrayContaining(['api_keys:write', 'catalog:write', 'audit_log:read']),
    )
  })

  test('the token is stored hashed', async () => {
    const token = await login(p.app, m.email, m.password)
    const rows = await p.ctx.db.selectFrom('user_sessions').select('token_hash').execute()
    expect(rows.some((r) => r.token_hash === token)).toBe(false)
    expect(rows.length).toBeGreaterThan(0)
  })

  test('wrong password and unknown email get the same generic answer', async () => {
    const wrong = await post(
      '/api/auth/login/',
      { email: m.email, password: 'nope-nope-nope' },
      { 'x-forwarded-for': '10.0.0.1' },
    )
    const unknown = await post('/api/auth/login/', { email: 'nobody-here@example.com', password: 'nope-nope-nope' })
    expectError(wrong, 401, 'invalid_credentials')
    expectError(unknown, 401, 'invalid_credentials')
    expect(wrong.json()).toEqual(unknown.json())
    expect(wrong.json().code).toBe('invalid_credentials')
  })

  test('missing fields → 400 naming each', async () => {
    const res = await post('/api/auth/login/', {})
    expectError(res, 400, 'validation_error')
    expect(Object.keys(res.json().errors).sort()).toEqual(['email', 'password'])
  })

  test('credential types: no token, bad token, API key → 401; Token on an API-key route → 401', async () => {
    expectError(await p.app.inject({ url: '/api/auth/me/' }), 401, 'not_authenticated')
    expect((await me('not-a-real-token')).json().code).toBe('not_authenticated')
    const withKey = await p.app.inject({ url: '/api/auth/me/', headers: apiKeyHeaders(m.sandboxKey) })
    expectError(withKey, 401, 'wrong_credentials_type')
    const keyHeader = await p.app.inject({ url: '/api/auth/me/', headers: { 'api-key': m.sandboxKey } })
    expect(keyHeader.json().code).toBe('wrong_credentials_type')
    const token = await login(p.app, m.email, m.password)
    const onApiRoute = await p.app.inject({ url: '/api/transactions/TXnothing/', headers: tokenHeaders(token) })
    expectError(onApiRoute, 401, 'wrong_credentials_type')
  })

  test('logout revokes the token', async () => {
    const token = await login(p.app, m.email, m.password)
    const out = await post('/api/auth/logout/', undefined, tokenHeaders(token))
    expect(out.statusCode).toBe(204)
    expectError(await me(token), 401, 'not_authenticated')
    expectError(await post('/api/auth/logout/', undefined, tokenHeaders(token)), 401, 'not_authenticated')
  })

  test("a user lists their sessions and signs one out; others' sessions are out of reach", async () => {
    const user = await createUserWithRole(p.ctx, p.app, m.organizationId, 'viewer')
    const laptop = await login(p.app, user.email, user.password)
    const list = await p.app.inject({
      url: '/api/auth/sessions/',
      headers: { ...tokenHeaders(user.token), 'user-agent': 'phone' },
    })
    expect(list.statusCode).toBe(200)
    const sessions = list.json()
    expect(sessions).toHaveLength(2)
    expect(sessions.filter((x: { current: boolean }) => x.current)).toHaveLength(1)
    const laptopSession = sessions.find((x: { current: boolean }) => !x.current)
    const ownerToken = await login(p.app, m.email, m.password)
    expectError(
      await post(`/api/auth/sessions/${laptopSession.id}/revoke/`, undefined, tokenHeaders(ownerToken)),
      404,
      'not_found',
    )
    expect((await me(laptop)).statusCode).toBe(200)
    expect(
      (await post(`/api/auth/sessions/${laptopSession.id}/revoke/`, undefined, tokenHeaders(user.token))).statusCode,
    ).toBe(204)
    expectError(await me(laptop), 401, 'not_authenticated')
    expect((await me(user.token)).statusCode).toBe(200)
    expect((await p.app.inject({ url: '/api/auth/sessions/', headers: tokenHeaders(user.token) })).json()).toHaveLength(
      1,
    )
    expectError(await post('/api/auth/sessions/abc/revoke/', undefined, tokenHeaders(user.token)), 404, 'not_found')
  })

  test('idle expiry: 60 minutes without use ends the session; use slides it', async () => {
    const token = await login(p.app, m.email, m.password)
    p.clock.advance(50 * MINUTE)
    expect((await me(token)).statusCode).toBe(200)
    p.clock.advance(50 * MINUTE)
    expect((await me(token)).statusCode).toBe(200)
    p.clock.advance(61 * MINUTE)
    expectError(await me(token), 401, 'not_authenticated')
  })

  test('absolute expiry: 12 hours after sign-in even when used constantly', async () => {
    const token = await login(p.app, m.email, m.password)
    const statuses: number[] = []
    for (let elapsed = 50; elapsed <= 750; elapsed += 50) {
      p.clock.advance(50 * MINUTE)
      statuses.push((await me(token)).statusCode)
    }
    // 50 … 700 minutes: alive (14 uses); 750 minutes is past the 12-hour end.
    expect(statuses).toEqual([...Array(14).fill(200), 401])
  })
})
