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
    expect(
      (
        await p.app.inject({
          method: 'POST',
          url: '/api/products/',
          headers: tokenHeaders(dev.token),
          payload: { name: 'x', prices: [{ currency: 'USD', amount: '1.00' }] },
        })
      ).statusCode,
    ).toBe(403)
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
    expect((await setRole(admin.token, m.userId, 'viewer')).statusCode).toBe(403)
    expect((await remove(admin.token, m.userId)).statusCode).toBe(403)
    expect((await setRole(admin.token, viewer.userId, 'owner')).statusCode).toBe(403)
    expect((await setRole(viewer.token, viewer.userId, 'admin')).statusCode).toBe(403)
    const last = await setRole(owner, m.userId, 'admin')
    expect(last.statusCode).toBe(409)
    expect(last.json().code).toBe('last_owner')
    // With a second owner, the first may step down.
    expect((await setRole(owner, admin.userId, 'owner')).json().role).toBe('owner')
    expect((await setRole(admin.token, m.userId, 'admin')).json().role).toBe('admin')
    expect((await setRole(admin.token, m.userId, 'owner')).json().role).toBe('owner')
  })

  test('removing a user ends their sessions; never yourself; other tenant → 404; bad role → 400', async () => {
    const dev = await createUserWithRole(p.ctx, p.app, m.organizationId, 'developer')
    const theirs = await createUserWithRole(p.ctx, p.app, other.organizationId, 'viewer')
    expect((await remove(owner, theirs.userId)).statusCode).toBe(404)
    expect((await setRole(owner, theirs.userId, 'admin')).statusCode).toBe(404)
    expect((await setRole(owner, dev.userId, 'root')).statusCode).toBe(400)
    expect((await remove(owner, m.userId)).json().code).toBe('cannot_remove_self')
    expect((await remove(owner, dev.userId)).statusCode).toBe(204)
    expect((await me(dev.token)).statusCode).toBe(401)
    expect((await remove(owner, dev.userId)).statusCode).toBe(404)
    expect(
      (
        await p.app.inject({
          method: 'POST',
          url: '/api/auth/login/',
          payload: { email: dev.email, password: dev.password },
        })
      ).statusCode,
    ).toBe(401)
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
    expect((await me(user.token)).statusCode).toBe(401)
    expect((await me(second)).statusCode).toBe(401)
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
    expect((await me(user.token)).statusCode).toBe(401)
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
