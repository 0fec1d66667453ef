import { randomBytes, scryptSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createMerchantFixture, createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts'
import { hashPassword, passwordNeedsRehash, SCRYPT_N, verifyPassword } from '../../lib/crypto.ts'

let p: TestPlatform
beforeAll(async () => {
  p = await createTestPlatform()
})
afterAll(() => p.close())

/** A hash as Kassa made them before the cost was raised: N = 2^14. */
function legacyHash(password: string): string {
  const salt = randomBytes(16)
  const hash = scryptSync(password.normalize('NFKC'), salt, 32, { N: 16384, r: 8, p: 1 })
  return ['scrypt', 16384, 8, 1, salt.toString('base64'), hash.toString('base64')].join('$')
}

const storedHash = async (userId: number) =>
  (await p.ctx.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow())
    .password_hash

describe('password hashing cost', () => {
  test('new hashes use scrypt N ≥ 2^17', async () => {
    expect(SCRYPT_N).toBeGreaterThanOrEqual(2 ** 17)
    const hash = await hashPassword('a long password')
    expect(Number(hash.split('$')[1])).toBeGreaterThanOrEqual(2 ** 17)
    expect(passwordNeedsRehash(hash)).toBe(false)
    expect(passwordNeedsRehash(legacyHash('x'))).toBe(true)
  })

  test('an older hash is upgraded at the next sign-in, and the password keeps working', async () => {
    const m = await createMerchantFixture(p.ctx)
    await p.ctx.db
      .updateTable('users')
      .set({ password_hash: legacyHash(m.password) })
      .where('id', '=', m.userId)
      .execute()
    const wrong = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login/',
      payload: { email: m.email, password: 'not the password' },
    })
    expect(wrong.statusCode).toBe(401)
    expect(passwordNeedsRehash(await storedHash(m.userId))).toBe(true)
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login/',
      payload: { email: m.email, password: m.password },
    })
    expect(res.statusCode).toBe(200)
    const upgraded = await storedHash(m.userId)
    expect(Number(upgraded.split('$')[1])).toBe(SCRYPT_N)
    expect(await verifyPassword(m.password, upgraded)).toBe(true)
    const again = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login/',
      payload: { email: m.email, password: m.password },
    })
    expect(again.statusCode).toBe(200)
  })
})
