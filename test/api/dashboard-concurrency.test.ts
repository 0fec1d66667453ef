import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestPlatform, createMerchantFixture, type TestPlatform, type Merchant } from '../support/platform.ts'
import { createUserWithRole, login, tokenHeaders } from '../support/dashboard.ts'
import { isPostgres } from '../support/database.ts'
import { totpCode } from '../../src/lib/totp.ts'

// Races that only a real server with parallel connections can produce.
describe.runIf(isPostgres)('dashboard writes under concurrency (PostgreSQL)', () => {
  let p: TestPlatform
  let m: Merchant
  let owner: string
  beforeAll(async () => {
    p = await createTestPlatform()
    m = await createMerchantFixture(p.ctx)
    owner = await login(p.app, m.email, m.password)
  })
  afterAll(() => p.close())

  test('10 concurrent rotations of one key: exactly one wins, one new key exists', async () => {
    const key = (
      await p.app.inject({
        method: 'POST',
        url: '/api/organization/api-keys/',
        headers: tokenHeaders(owner),
        payload: { environment: 'sandbox', scopes: [] },
      })
    ).json()
    const before = (
      await p.ctx.db.selectFrom('api_keys').select('id').where('organization_id', '=', m.organizationId).execute()
    ).length
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        p.app.inject({
          method: 'POST',
          url: '/api/organization/api-keys/rotate/',
          headers: tokenHeaders(owner),
          payload: { id: key.id },
        }),
      ),
    )
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, ...Array(9).fill(409)])
    const after = (
      await p.ctx.db.selectFrom('api_keys').select('id').where('organization_id', '=', m.organizationId).execute()
    ).length
    expect(after).toBe(before + 1)
  })

  test('one recovery code raced on 4 sign-in challenges signs in once', async () => {
    const user = await createUserWithRole(p.ctx, p.app, m.organizationId, 'admin')
    const { secret } = (
      await p.app.inject({ method: 'POST', url: '/api/auth/2fa/setup/', headers: tokenHeaders(user.token) })
    ).json()
    const { recovery_codes } = (
      await p.app.inject({
        method: 'POST',
        url: '/api/auth/2fa/enable/',
        headers: tokenHeaders(user.token),
        payload: { code: totpCode(secret, p.clock.now()) },
      })
    ).json()
    // 4, not more: 5 failures would lock the account (throttle), which is not what this test is about.
    const challenges = await Promise.all(
      Array.from(
        { length: 4 },
        async () =>
          (
            await p.app.inject({
              method: 'POST',
              url: '/api/auth/login/',
              payload: { email: user.email, password: user.password },
            })
          ).json().challenge as string,
      ),
    )
    const results = await Promise.all(
      challenges.map((challenge) =>
        p.app.inject({ method: 'POST', url: '/api/auth/2fa/verify/', payload: { challenge, code: recovery_codes[0] } }),
      ),
    )
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1)
  })

  test('two owners demoting each other at once: one owner always remains', async () => {
    const second = await createUserWithRole(p.ctx, p.app, m.organizationId, 'owner')
    const [a, b] = await Promise.all([
      p.app.inject({
        method: 'PATCH',
        url: `/api/organization/users/${second.userId}/`,
        headers: tokenHeaders(owner),
        payload: { role: 'admin' },
      }),
      p.app.inject({
        method: 'PATCH',
        url: `/api/organization/users/${m.userId}/`,
        headers: tokenHeaders(second.token),
        payload: { role: 'admin' },
      }),
    ])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409])
    const owners = await p.ctx.db
      .selectFrom('users')
      .select('id')
      .where('organization_id', '=', m.organizationId)
      .where('role', '=', 'owner')
      .execute()
    expect(owners).toHaveLength(1)
  })
})
