import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  type TestPlatform,
  type Merchant,
} from '../../../test/support/platform.ts'
import { createUserWithRole, login, tokenHeaders } from '../../../test/support/dashboard.ts'
import { expectError } from '../../../test/support/errors.ts'

// Who may sign in at all: suspended organizations, throttled accounts and addresses, stale rows purged.

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
    expectError(await me(token), 401, 'not_authenticated')
    const res = await post('/api/auth/login/', { email: viewer.email, password: viewer.password })
    expectError(res, 403, 'organization_suspended')
    // A wrong password still gets the generic answer: the status is not revealed to strangers.
    expectError(
      await post('/api/auth/login/', { email: viewer.email, password: 'wrong-password' }),
      401,
      'invalid_credentials',
    )
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
      expectError(
        await post('/api/auth/login/', { email: user.email, password: 'wrong-password' }),
        401,
        'invalid_credentials',
      )
    const locked = await post('/api/auth/login/', { email: user.email, password: user.password })
    expectError(locked, 429, 'too_many_attempts')
    const first = Number(locked.headers['retry-after'])
    expect(first).toBeGreaterThan(0)
    p.clock.advance(first * 1000 + 1000)
    expectError(
      await post('/api/auth/login/', { email: user.email, password: 'wrong-password' }),
      401,
      'invalid_credentials',
    )
    const again = await post('/api/auth/login/', { email: user.email, password: user.password })
    expectError(again, 429, 'too_many_attempts')
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(first)
    p.clock.advance(Number(again.headers['retry-after']) * 1000 + 1000)
    expect((await post('/api/auth/login/', { email: user.email, password: user.password })).statusCode).toBe(200)
  })

  test('unknown accounts are throttled the same way (no enumeration)', async () => {
    for (let i = 0; i < 5; i++)
      await post('/api/auth/login/', { email: 'ghost@example.com', password: 'wrong-password' })
    expectError(
      await post('/api/auth/login/', { email: 'ghost@example.com', password: 'wrong-password' }),
      429,
      'too_many_attempts',
    )
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
