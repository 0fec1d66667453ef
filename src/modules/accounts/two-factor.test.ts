import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  type TestPlatform,
  type Merchant,
} from '../../../test/support/platform.ts'
import { createUserWithRole, login, tokenHeaders } from '../../../test/support/dashboard.ts'
import { decodeQrSvg } from '../../../test/support/qr-decode.ts'
import { totpCode } from '../../lib/totp.ts'
import { expectError } from '../../../test/support/errors.ts'

// Two-factor authentication: enrolment, TOTP and recovery codes at sign-in, challenges, disabling.

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

describe('two-factor authentication', () => {
  test('enroll, sign in with TOTP, use recovery codes once, disable', async () => {
    const user = await createUserWithRole(p.ctx, p.app, m.organizationId, 'admin')
    const setup = await post('/api/auth/2fa/setup/', undefined, tokenHeaders(user.token))
    expect(setup.statusCode).toBe(200)
    const { secret, otpauth_url, qr_svg } = setup.json()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(otpauth_url).toContain(`secret=${secret}`)
    expect(qr_svg).toMatch(/^<svg /)
    expect(decodeQrSvg(qr_svg).text).toBe(otpauth_url)

    expectError(
      await post('/api/auth/2fa/enable/', { code: '000000' }, tokenHeaders(user.token)),
      400,
      'validation_error',
    )
    const enable = await post(
      '/api/auth/2fa/enable/',
      { code: totpCode(secret, p.clock.now()) },
      tokenHeaders(user.token),
    )
    expect(enable.statusCode).toBe(200)
    const recovery: string[] = enable.json().recovery_codes
    expect(recovery).toHaveLength(10)
    expect(new Set(recovery).size).toBe(10)
    expectError(
      await post('/api/auth/2fa/setup/', undefined, tokenHeaders(user.token)),
      409,
      'two_factor_already_enabled',
    )
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
    // Same code again (replay) is refused, and the challenge is single-use. (The very same code: one computed
    // now could belong to the next 30-second step, which is a new code and rightly accepted.)
    const step1b = await post('/api/auth/login/', { email: user.email, password: user.password })
    expectError(
      await post('/api/auth/2fa/verify/', {
        challenge: step1b.json().challenge,
        code: enrollCode,
      }),
      401,
      'invalid_code',
    )
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
    expectError(
      await post('/api/auth/2fa/verify/', { challenge: step1c.json().challenge, code: recovery[0] }),
      401,
      'invalid_code',
    )
    // `recovery_code` is accepted as its own field too; neither field → 400.
    expectError(await post('/api/auth/2fa/verify/', { challenge: step1c.json().challenge }), 400, 'validation_error')
    const viaAlias = await post('/api/auth/2fa/verify/', {
      challenge: step1c.json().challenge,
      recovery_code: recovery[2],
    })
    expect(viaAlias.statusCode).toBe(200)
    expect((await me(viaRecovery.json().token)).json().recovery_codes_remaining).toBe(8)

    // Re-confirming inside a session (disable) is checked but does not spend the step: a wrong code fails…
    expectError(
      await post('/api/auth/2fa/disable/', { code: '123456' }, tokenHeaders(user.token)),
      400,
      'validation_error',
    )
    expectError(
      await post('/api/auth/2fa/disable/', { code: recovery[0] }, tokenHeaders(user.token)),
      400,
      'validation_error',
    ) // spent
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
    expectError(await post('/api/auth/2fa/verify/', { challenge, code: '000000' }), 401, 'invalid_challenge')
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
    expectError(locked, 429, 'too_many_attempts')
    p.clock.advance(Number(locked.headers['retry-after']) * 1000 + 1000)
    const c2 = (await post('/api/auth/login/', { email: user.email, password: user.password })).json().challenge
    p.clock.advance(6 * MINUTE)
    expect(
      (await post('/api/auth/2fa/verify/', { challenge: c2, code: totpCode(secret, p.clock.now()) })).json().code,
    ).toBe('invalid_challenge')
  })
})
