import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  type TestPlatform,
  type Merchant,
} from '../../../test/support/platform.ts'
import { createUserWithRole, login, tokenHeaders } from '../../../test/support/dashboard.ts'
import { totpCode } from '../../lib/totp.ts'
import { resetTwoFactorAsOperator } from './users.service.ts'
import { expectError } from '../../../test/support/errors.ts'

let p: TestPlatform
let m: Merchant
let other: Merchant
let owner: string
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  other = await createMerchantFixture(p.ctx)
  owner = await login(p.app, m.email, m.password)
})
afterAll(() => p.close())

const setRole = (token: string, id: number | string, role: string) =>
  p.app.inject({
    method: 'PATCH',
    url: `/api/organization/users/${id}/`,
    headers: tokenHeaders(token),
    payload: { role },
  })
const remove = (token: string, id: number | string) =>
  p.app.inject({ method: 'DELETE', url: `/api/organization/users/${id}/`, headers: tokenHeaders(token) })
const me = (token: string) => p.app.inject({ url: '/api/auth/me/', headers: tokenHeaders(token) })

describe('organization users', () => {
  test('a role change applies to the live session at once and is audited', async () => {
    const dev = await createUserWithRole(p.ctx, p.app, m.organizationId, 'developer')
    const res = await setRole(owner, dev.userId, 'viewer')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ id: dev.userId, role: 'viewer' })
    expect((await me(dev.token)).json().role).toBe('viewer')
    expectError(
      await p.app.inject({
        method: 'POST',
        url: '/api/products/',
        headers: tokenHeaders(dev.token),
        payload: { name: 'x', prices: [{ currency: 'USD', amount: '1.00' }] },
      }),
      403,
      'permission_denied',
    )
    const [entry] = (
      await p.app.inject({ url: '/api/organization/audit-log/?action=user.role_changed', headers: tokenHeaders(owner) })
    ).json()
    expect(entry).toMatchObject({
      before: { role: 'developer' },
      after: { role: 'viewer' },
      target: { id: String(dev.userId) },
    })
  })

  test('admins cannot touch owners or make owners; the last owner stays', async () => {
    const admin = await createUserWithRole(p.ctx, p.app, m.organizationId, 'admin')
    const viewer = await createUserWithRole(p.ctx, p.app, m.organizationId, 'viewer')
    expectError(await setRole(admin.token, m.userId, 'viewer'), 403, 'permission_denied')
    expectError(await remove(admin.token, m.userId), 403, 'permission_denied')
    expectError(await setRole(admin.token, viewer.userId, 'owner'), 403, 'permission_denied')
    expectError(await setRole(viewer.token, viewer.userId, 'admin'), 403, 'permission_denied')
    const last = await setRole(owner, m.userId, 'admin')
    expectError(last, 409, 'last_owner')
    // With a second owner, the first may step down.
    expect((await setRole(owner, admin.userId, 'owner')).json().role).toBe('owner')
    expect((await setRole(admin.token, m.userId, 'admin')).json().role).toBe('admin')
    expect((await setRole(admin.token, m.userId, 'owner')).json().role).toBe('owner')
  })

  test('removing a user ends their sessions; never yourself; other tenant → 404; bad role → 400', async () => {
    const dev = await createUserWithRole(p.ctx, p.app, m.organizationId, 'developer')
    const theirs = await createUserWithRole(p.ctx, p.app, other.organizationId, 'viewer')
    expectError(await remove(owner, theirs.userId), 404, 'not_found')
    expectError(await setRole(owner, theirs.userId, 'admin'), 404, 'not_found')
    expectError(await setRole(owner, dev.userId, 'root'), 400, 'validation_error')
    expect((await remove(owner, m.userId)).json().code).toBe('cannot_remove_self')
    expect((await remove(owner, dev.userId)).statusCode).toBe(204)
    expectError(await me(dev.token), 401, 'not_authenticated')
    expectError(await remove(owner, dev.userId), 404, 'not_found')
    expectError(
      await p.app.inject({
        method: 'POST',
        url: '/api/auth/login/',
        payload: { email: dev.email, password: dev.password },
      }),
      401,
      'invalid_credentials',
    )
  })

  test('logout with all: true signs out every session of the user', async () => {
    const user = await createUserWithRole(p.ctx, p.app, m.organizationId, 'viewer')
    const second = await login(p.app, user.email, user.password)
    expect(
      (
        await p.app.inject({
          method: 'POST',
          url: '/api/auth/logout/',
          headers: tokenHeaders(second),
          payload: { all: true },
        })
      ).statusCode,
    ).toBe(204)
    expectError(await me(user.token), 401, 'not_authenticated')
    expectError(await me(second), 401, 'not_authenticated')
  })

  test('operator 2FA reset: the code requirement goes, every session ends, audited', async () => {
    const user = await createUserWithRole(p.ctx, p.app, m.organizationId, 'admin')
    const { secret } = (
      await p.app.inject({ method: 'POST', url: '/api/auth/2fa/setup/', headers: tokenHeaders(user.token) })
    ).json()
    await p.app.inject({
      method: 'POST',
      url: '/api/auth/2fa/enable/',
      headers: tokenHeaders(user.token),
      payload: { code: totpCode(secret, p.clock.now()) },
    })
    expect(
      (
        await p.app.inject({
          method: 'POST',
          url: '/api/auth/login/',
          payload: { email: user.email, password: user.password },
        })
      ).json().two_factor_required,
    ).toBe(true)
    const result = await resetTwoFactorAsOperator(p.ctx, user.email.toUpperCase())
    expect(result).toMatchObject({ two_factor_was_enabled: true, sessions_revoked: 1 })
    expectError(await me(user.token), 401, 'not_authenticated')
    expect(
      (
        await p.app.inject({
          method: 'POST',
          url: '/api/auth/login/',
          payload: { email: user.email, password: user.password },
        })
      ).json().token,
    ).toBeTruthy()
    const [entry] = (
      await p.app.inject({
        url: '/api/organization/audit-log/?action=user.two_factor_reset',
        headers: tokenHeaders(owner),
      })
    ).json()
    expect(entry.actor).toEqual({ user_id: null, email: 'operator (CLI)' })
  })
})
