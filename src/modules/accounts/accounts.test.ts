import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  apiKeyHeaders,
  type TestPlatform,
  type Merchant,
} from '../../../test/support/platform.ts'
import { createUserWithRole, login, tokenHeaders } from '../../../test/support/dashboard.ts'
import { totpCode } from '../../lib/totp.ts'

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
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(wrong.json()).toEqual(unknown.json())
    expect(wrong.json().code).toBe('invalid_credentials')
  })

  test('missing fields → 400 naming each', async () => {
    const res = await post('/api/auth/login/', {})
    expect(res.statusCode).toBe(400)
    expect(Object.keys(res.json().errors).sort()).toEqual(['email', 'password'])
  })

  test('credential types: no token, bad token, API key → 401; Token on an API-key route → 401', async () => {
    expect((await p.app.inject({ url: '/api/auth/me/' })).statusCode).toBe(401)
    expect((await me('not-a-real-token')).json().code).toBe('not_authenticated')
    const withKey = await p.app.inject({ url: '/api/auth/me/', headers: apiKeyHeaders(m.sandboxKey) })
    expect(withKey.statusCode).toBe(401)
    expect(withKey.json().code).toBe('wrong_credentials_type')
    const keyHeader = await p.app.inject({ url: '/api/auth/me/', headers: { 'api-key': m.sandboxKey } })
    expect(keyHeader.json().code).toBe('wrong_credentials_type')
    const token = await login(p.app, m.email, m.password)
    const onApiRoute = await p.app.inject({ url: '/api/transactions/TXnothing/', headers: tokenHeaders(token) })
    expect(onApiRoute.statusCode).toBe(401)
    expect(onApiRoute.json().code).toBe('wrong_credentials_type')
  })

  test('logout revokes the token', async () => {
    const token = await login(p.app, m.email, m.password)
    const out = await post('/api/auth/logout/', undefined, tokenHeaders(token))
    expect(out.statusCode).toBe(204)
    expect((await me(token)).statusCode).toBe(401)
    expect((await post('/api/auth/logout/', undefined, tokenHeaders(token))).statusCode).toBe(401)
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
    expect(
      (await post(`/api/auth/sessions/${laptopSession.id}/revoke/`, undefined, tokenHeaders(ownerToken))).statusCode,
    ).toBe(404)
    expect((await me(laptop)).statusCode).toBe(200)
    expect(
      (await post(`/api/auth/sessions/${laptopSession.id}/revoke/`, undefined, tokenHeaders(user.token))).statusCode,
    ).toBe(204)
    expect((await me(laptop)).statusCode).toBe(401)
    expect((await me(user.token)).statusCode).toBe(200)
    expect((await p.app.inject({ url: '/api/auth/sessions/', headers: tokenHeaders(user.token) })).json()).toHaveLength(
      1,
    )
    expect((await post('/api/auth/sessions/abc/revoke/', undefined, tokenHeaders(user.token))).statusCode).toBe(404)
  })

  test('idle expiry: 60 minutes without use ends the session; use slides it', async () => {
    const token = await login(p.app, m.email, m.password)
    p.clock.advance(50 * MINUTE)
    expect((await me(token)).statusCode).toBe(200)
    p.clock.advance(50 * MINUTE)
    expect((await me(token)).statusCode).toBe(200)
    p.clock.advance(61 * MINUTE)
    expect((await me(token)).statusCode).toBe(401)
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

describe('organization status and housekeeping', () => {
  test('a suspended organization cannot sign in, and its live sessions stop working', async () => {
    const shop = await createMerchantFixture(p.ctx)
    const token = await login(p.app, shop.email, shop.password)
    const viewer = await createUserWithRole(p.ctx, p.app, shop.organizationId, 'viewer')
    await p.ctx.db
      .updateTable('organizations')
      .set({ status: 'suspended' })
      .where('id', '=', shop.organizationId)
      .execute()
    expect((await me(token)).statusCode).toBe(401)
    const res = await post('/api/auth/login/', { email: viewer.email, password: viewer.password })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('organization_suspended')
    // A wrong password still gets the generic answer: the status is not revealed to strangers.
    expect((await post('/api/auth/login/', { email: viewer.email, password: 'wrong-password' })).statusCode).toBe(401)
  })

  test('the purge task removes stale challenges, sessions and throttle rows only', async () => {
    const { purgeAuthLeftovers } = await import('./accounts.repository.ts')
    const now = p.clock.now()
    const ago = (days: number) => new Date(now.getTime() - days * 86_400_000)
    const live = await login(p.app, m.email, m.password)
    await p.ctx.db
      .insertInto('login_throttle')
      .values({ key: 'account:stale@example.com', failures: 3, last_failure_at: ago(2) })
      .execute()
    await p.ctx.db
      .insertInto('login_throttle')
      .values({ key: 'account:recent@example.com', failures: 3, last_failure_at: now })
      .execute()
    const old = await p.ctx.db
      .insertInto('user_sessions')
      .values({
        user_id: m.userId,
        organization_id: m.organizationId,
        token_hash: 'stale-session',
        ip: null,
        user_agent: null,
        created_at: ago(41),
        last_seen_at: ago(41),
        absolute_expires_at: ago(40),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    expect(await purgeAuthLeftovers(p.ctx.db, now)).toBeGreaterThanOrEqual(2)
    const keys = (await p.ctx.db.selectFrom('login_throttle').select('key').execute()).map((r) => r.key)
    expect(keys).not.toContain('account:stale@example.com')
    expect(keys).toContain('account:recent@example.com')
    expect(
      await p.ctx.db.selectFrom('user_sessions').select('id').where('id', '=', old.id).executeTakeFirst(),
    ).toBeUndefined()
    expect((await me(live)).statusCode).toBe(200)
    await p.ctx.db.deleteFrom('login_throttle').execute()
  })
})

describe('throttling', () => {
  test('per account: the 5th failure locks with a growing Retry-After, even for the right password', async () => {
    const user = await createUserWithRole(p.ctx, p.app, m.organizationId, 'viewer')
    for (let i = 0; i < 5; i++)
      expect((await post('/api/auth/login/', { email: user.email, password: 'wrong-password' })).statusCode).toBe(401)
    const locked = await post('/api/auth/login/', { email: user.email, password: user.password })
    expect(locked.statusCode).toBe(429)
    expect(locked.json().code).toBe('too_many_attempts')
    const first = Number(locked.headers['retry-after'])
    expect(first).toBeGreaterThan(0)
    p.clock.advance(first * 1000 + 1000)
    expect((await post('/api/auth/login/', { email: user.email, password: 'wrong-password' })).statusCode).toBe(401)
    const again = await post('/api/auth/login/', { email: user.email, password: user.password })
    expect(again.statusCode).toBe(429)
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(first)
    p.clock.advance(Number(again.headers['retry-after']) * 1000 + 1000)
    expect((await post('/api/auth/login/', { email: user.email, password: user.password })).statusCode).toBe(200)
  })

  test('unknown accounts are throttled the same way (no enumeration)', async () => {
    for (let i = 0; i < 5; i++)
      await post('/api/auth/login/', { email: 'ghost@example.com', password: 'wrong-password' })
    expect(
      (await post('/api/auth/login/', { email: 'ghost@example.com', password: 'wrong-password' })).statusCode,
    ).toBe(429)
  })

  test('per IP: many accounts from one address get locked', async () => {
    // app.inject() always comes from 127.0.0.1 (TRUST_PROXY is off, so X-Forwarded-For is ignored).
    const ipKey = 'ip:127.0.0.1'
    await p.ctx.db.deleteFrom('login_throttle').execute()
    let status = 0
    for (let i = 0; i < 21 && status !== 429; i++) {
      status = (await post('/api/auth/login/', { email: `spray-${i}@example.com`, password: 'wrong-password' }))
        .statusCode
    }
    expect(status).toBe(429)
    // 20 different accounts, each with a single failure: only the IP counter can have locked them out.
    const row = await p.ctx.db.selectFrom('login_throttle').selectAll().where('key', '=', ipKey).executeTakeFirst()
    expect(row?.locked_until).toBeTruthy()
    await p.ctx.db.deleteFrom('login_throttle').execute()
  })
})

describe('two-factor authentication', () => {
  test('enroll, sign in with TOTP, use recovery codes once, disable', async () => {
    const user = await createUserWithRole(p.ctx, p.app, m.organizationId, 'admin')
    const setup = await post('/api/auth/2fa/setup/', undefined, tokenHeaders(user.token))
    expect(setup.statusCode).toBe(200)
    const { secret, otpauth_url, qr_svg } = setup.json()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(otpauth_url).toContain(`secret=${secret}`)
    expect(qr_svg).toMatch(/^<svg /)

    expect((await post('/api/auth/2fa/enable/', { code: '000000' }, tokenHeaders(user.token))).statusCode).toBe(400)
    const enable = await post(
      '/api/auth/2fa/enable/',
      { code: totpCode(secret, p.clock.now()) },
      tokenHeaders(user.token),
    )
    expect(enable.statusCode).toBe(200)
    const recovery: string[] = enable.json().recovery_codes
    expect(recovery).toHaveLength(10)
    expect(new Set(recovery).size).toBe(10)
    expect((await post('/api/auth/2fa/setup/', undefined, tokenHeaders(user.token))).statusCode).toBe(409)
    const stored = await p.ctx.db
      .selectFrom('recovery_codes')
      .select('code_hash')
      .where('user_id', '=', user.userId)
      .execute()
    expect(stored.map((r) => r.code_hash)).not.toContain(recovery[0])

    // Password alone no longer signs in.
    const step1 = await post('/api/auth/login/', { email: user.email, password: user.password })
    expect(step1.json()).toMatchObject({ two_factor_required: true })
    expect(step1.json().token).toBeUndefined()
    // The enrollment code is not a sign-in: the same code may sign in once.
    const enrollCode = totpCode(secret, p.clock.now())
    const verify = await post('/api/auth/2fa/verify/', { challenge: step1.json().challenge, code: enrollCode })
    expect(verify.statusCode).toBe(200)
    expect((await me(verify.json().token)).json().two_factor_enabled).toBe(true)
    // Same code again (replay) is refused, and the challenge is single-use.
    const step1b = await post('/api/auth/login/', { email: user.email, password: user.password })
    expect(
      (
        await post('/api/auth/2fa/verify/', {
          challenge: step1b.json().challenge,
          code: totpCode(secret, p.clock.now()),
        })
      ).statusCode,
    ).toBe(401)
    expect(
      (await post('/api/auth/2fa/verify/', { challenge: step1.json().challenge, code: recovery[0] })).json().code,
    ).toBe('invalid_challenge')

    // A recovery code works instead of a TOTP code, once.
    const viaRecovery = await post('/api/auth/2fa/verify/', {
      challenge: step1b.json().challenge,
      code: recovery[0].toUpperCase(),
    })
    expect(viaRecovery.statusCode).toBe(200)
    const step1c = await post('/api/auth/login/', { email: user.email, password: user.password })
    expect(
      (await post('/api/auth/2fa/verify/', { challenge: step1c.json().challenge, code: recovery[0] })).statusCode,
    ).toBe(401)
    // `recovery_code` is accepted as its own field too; neither field → 400.
    expect((await post('/api/auth/2fa/verify/', { challenge: step1c.json().challenge })).statusCode).toBe(400)
    const viaAlias = await post('/api/auth/2fa/verify/', {
      challenge: step1c.json().challenge,
      recovery_code: recovery[2],
    })
    expect(viaAlias.statusCode).toBe(200)
    expect((await me(viaRecovery.json().token)).json().recovery_codes_remaining).toBe(8)

    // Re-confirming inside a session (disable) is checked but does not spend the step: a wrong code fails…
    expect((await post('/api/auth/2fa/disable/', { code: '123456' }, tokenHeaders(user.token))).statusCode).toBe(400)
    expect((await post('/api/auth/2fa/disable/', { code: recovery[0] }, tokenHeaders(user.token))).statusCode).toBe(400) // spent
    // …and the code that just signed in still confirms. Afterwards the password alone signs in again.
    expect(
      (
        await post('/api/auth/2fa/disable/', { code: totpCode(secret, p.clock.now()) }, tokenHeaders(user.token))
      ).json(),
    ).toEqual({ enabled: false })
    expect((await post('/api/auth/login/', { email: user.email, password: user.password })).json().token).toBeTruthy()
  })

  test('codes computed from the wall clock are accepted when the platform clock is offset', async () => {
    const user = await createUserWithRole(p.ctx, p.app, m.organizationId, 'viewer')
    const { secret } = (await post('/api/auth/2fa/setup/', undefined, tokenHeaders(user.token))).json()
    p.clock.advance(10 * MINUTE)
    const token = await login(p.app, user.email, user.password)
    expect(
      (await post('/api/auth/2fa/enable/', { code: totpCode(secret, new Date()) }, tokenHeaders(token))).statusCode,
    ).toBe(200)
    const challenge = (await post('/api/auth/login/', { email: user.email, password: user.password })).json().challenge
    expect((await post('/api/auth/2fa/verify/', { challenge, code: totpCode(secret, p.clock.now()) })).statusCode).toBe(
      200,
    )
    expect((await post('/api/auth/2fa/verify/', { challenge, code: '000000' })).statusCode).toBe(401)
  })

  test('a challenge allows 5 tries and expires after 5 minutes', async () => {
    const user = await createUserWithRole(p.ctx, p.app, m.organizationId, 'viewer')
    const { secret } = (await post('/api/auth/2fa/setup/', undefined, tokenHeaders(user.token))).json()
    await post('/api/auth/2fa/enable/', { code: totpCode(secret, p.clock.now()) }, tokenHeaders(user.token))
    p.clock.advance(30_000)
    const c1 = (await post('/api/auth/login/', { email: user.email, password: user.password })).json().challenge
    for (let i = 0; i < 5; i++)
      expect((await post('/api/auth/2fa/verify/', { challenge: c1, code: '999999' })).json().code).toBe('invalid_code')
    expect(
      (await post('/api/auth/2fa/verify/', { challenge: c1, code: totpCode(secret, p.clock.now()) })).json().code,
    ).toBe('invalid_challenge')
    // Five wrong codes are five sign-in failures: the account is locked like after wrong passwords.
    const locked = await post('/api/auth/login/', { email: user.email, password: user.password })
    expect(locked.statusCode).toBe(429)
    p.clock.advance(Number(locked.headers['retry-after']) * 1000 + 1000)
    const c2 = (await post('/api/auth/login/', { email: user.email, password: user.password })).json().challenge
    p.clock.advance(6 * MINUTE)
    expect(
      (await post('/api/auth/2fa/verify/', { challenge: c2, code: totpCode(secret, p.clock.now()) })).json().code,
    ).toBe('invalid_challenge')
  })
})

describe('password change', () => {
  test('revokes the other sessions, keeps this one, and the old password stops working', async () => {
    const user = await createUserWithRole(p.ctx, p.app, m.organizationId, 'developer')
    const other = await login(p.app, user.email, user.password)
    expect(
      (
        await post(
          '/api/auth/password/',
          { current_password: 'wrong', new_password: 'a-new-long-password' },
          tokenHeaders(user.token),
        )
      ).statusCode,
    ).toBe(400)
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
    expect((await me(other)).statusCode).toBe(401)
    expect((await post('/api/auth/login/', { email: user.email, password: user.password })).statusCode).toBe(401)
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
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('signup_disabled')
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
      expect(dup.statusCode).toBe(409)
      const bad = await q.app.inject({
        method: 'POST',
        url: '/api/auth/signup/',
        payload: { email: 'x', password: 'short' },
      })
      expect(bad.statusCode).toBe(400)
    } finally {
      await q.close()
    }
  })
})
