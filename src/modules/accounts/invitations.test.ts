import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  type TestPlatform,
  type Merchant,
} from '../../../test/support/platform.ts'
import { login, roleTokens, tokenHeaders, type RoleTokens } from '../../../test/support/dashboard.ts'
import { expectError } from '../../../test/support/errors.ts'

let p: TestPlatform
let m: Merchant
let other: Merchant
let t: RoleTokens
let otherOwner: string
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  other = await createMerchantFixture(p.ctx)
  t = await roleTokens(p.ctx, p.app, m.organizationId, m)
  otherOwner = (await roleTokens(p.ctx, p.app, other.organizationId, other)).owner
})
afterAll(() => p.close())

const invite = (token: string, payload: unknown) =>
  p.app.inject({
    method: 'POST',
    url: '/api/organization/invitations/',
    headers: tokenHeaders(token),
    payload: payload as object,
  })
const tokenFromOutbox = async (email: string) => {
  const mails = (await p.app.inject({ url: '/api/organization/emails/', headers: tokenHeaders(t.owner) })).json()
  return /Invitation token: (\S+)/.exec(mails.find((x: { to: string }) => x.to === email).text)![1]
}
const accept = (token: string, password = 'a-good-password') =>
  p.app.inject({ method: 'POST', url: '/api/auth/invitations/accept/', payload: { token, password } })

describe('invitations', () => {
  test('roles: owners and admins invite; developers and viewers cannot; only owners invite owners', async () => {
    expectError(await invite(t.developer, { email: 'x1@example.com', role: 'viewer' }), 403, 'permission_denied')
    expectError(await invite(t.viewer, { email: 'x1@example.com', role: 'viewer' }), 403, 'permission_denied')
    expectError(await invite(t.admin, { email: 'x1@example.com', role: 'owner' }), 403, 'permission_denied')
    expect((await invite(t.owner, { email: 'co-owner@example.com', role: 'owner' })).statusCode).toBe(201)
    expect((await invite(t.admin, { email: 'x2@example.com', role: 'admin' })).statusCode).toBe(201)
  })

  test('bad input and existing users', async () => {
    const bad = await invite(t.owner, { email: 'nope', role: 'superuser' })
    expectError(bad, 400, 'validation_error')
    expect(Object.keys(bad.json().errors).sort()).toEqual(['email', 'role'])
    expectError(await invite(t.owner, { email: other.email, role: 'viewer' }), 409, 'user_exists')
  })

  test('list is per organization; revoke makes the token useless; other tenant → 404', async () => {
    const created = (await invite(t.owner, { email: 'revoked@example.com', role: 'developer' })).json()
    const token = await tokenFromOutbox('revoked@example.com')
    expect(
      (await p.app.inject({ url: '/api/organization/invitations/', headers: tokenHeaders(t.admin) }))
        .json()
        .some((i: { id: number }) => i.id === created.id),
    ).toBe(true)
    expect(
      (await p.app.inject({ url: '/api/organization/invitations/', headers: tokenHeaders(otherOwner) })).json(),
    ).toEqual([])
    expectError(
      await p.app.inject({
        method: 'POST',
        url: `/api/organization/invitations/${created.id}/revoke/`,
        headers: tokenHeaders(otherOwner),
      }),
      404,
      'not_found',
    )
    const revoked = await p.app.inject({
      method: 'POST',
      url: `/api/organization/invitations/${created.id}/revoke/`,
      headers: tokenHeaders(t.admin),
    })
    expect(revoked.json().status).toBe('revoked')
    expectError(await accept(token), 400, 'invalid_invitation')
  })

  test('a re-invitation replaces the pending one; invitations expire after 7 days', async () => {
    await invite(t.owner, { email: 'twice@example.com', role: 'viewer' })
    const first = await tokenFromOutbox('twice@example.com')
    await invite(t.owner, { email: 'twice@example.com', role: 'developer' })
    const mails = (await p.app.inject({ url: '/api/organization/emails/', headers: tokenHeaders(t.owner) })).json()
    const second = /Invitation token: (\S+)/.exec(
      mails.find((x: { to: string }) => x.to === 'twice@example.com').text,
    )![1]
    expect(second).not.toBe(first)
    expectError(await accept(first), 400, 'invalid_invitation')
    await invite(t.owner, { email: 'late@example.com', role: 'viewer' })
    const late = await tokenFromOutbox('late@example.com')
    p.clock.advance(7 * 24 * 3_600_000 + 1000)
    expect((await accept(late)).json().code).toBe('invalid_invitation')
    expectError(await accept(second), 400, 'invalid_invitation')
  })

  test('accepting checks the password and audits the new member', async () => {
    t.owner = await login(p.app, m.email, m.password) // the 7-day jump above ended the old session
    await invite(t.owner, { email: 'member@example.com', role: 'admin' })
    const token = await tokenFromOutbox('member@example.com')
    const preview = await p.app.inject({ method: 'POST', url: '/api/auth/invitations/preview/', payload: { token } })
    expect(preview.json()).toMatchObject({
      email: 'member@example.com',
      role: 'admin',
      organization: { name: expect.stringContaining('Shop') },
    })
    expectError(
      await p.app.inject({ method: 'POST', url: '/api/auth/invitations/preview/', payload: { token: 'nope' } }),
      400,
      'invalid_invitation',
    )
    expectError(await accept(token, 'short'), 400, 'validation_error')
    const ok = await accept(token)
    expect(ok.statusCode).toBe(201)
    expect(ok.json().user.role).toBe('admin')
    expectError(
      await p.app.inject({ method: 'POST', url: '/api/auth/invitations/preview/', payload: { token } }),
      400,
      'invalid_invitation',
    )
    const log = (
      await p.app.inject({
        url: '/api/organization/audit-log/?action=invitation.accepted',
        headers: tokenHeaders(t.owner),
      })
    ).json()
    expect(log[0].after).toEqual({ email: 'member@example.com', role: 'admin' })
  })
})
