import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CliHarness } from '../support/cli.ts'

let cli: CliHarness
let orgId: number
beforeAll(async () => {
  cli = await CliHarness.create()
  const r = await cli.run(['merchant', 'create', '--email', 'boss@users.test', '--org-name', 'Users Inc', '--json'], {
    KASSA_PASSWORD: 'a-long-password',
  })
  orgId = r.json.organization_id
})
afterAll(() => cli.close())

describe('kassa user …', () => {
  test('user add: a member with a role, without an invitation', async () => {
    const r = await cli.run(
      ['user', 'add', '--org', String(orgId), '--email', 'Dev@Users.test', '--role', 'developer', '--json'],
      { KASSA_PASSWORD: 'dev-password-1' },
    )
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({
      user_id: expect.any(Number),
      organization_id: orgId,
      email: 'dev@users.test',
      role: 'developer',
    })
  })

  test('user add refuses bad input and taken emails', async () => {
    const bad = await cli.run(['user', 'add', '--org', String(orgId), '--email', 'x@users.test', '--role', 'root'], {
      KASSA_PASSWORD: 'short',
    })
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/role/)
    expect(bad.stderr).toMatch(/password/)
    const taken = await cli.run(
      ['user', 'add', '--org', String(orgId), '--email', 'dev@users.test', '--role', 'viewer'],
      { KASSA_PASSWORD: 'dev-password-1' },
    )
    expect(taken.stderr).toMatch(/already exists/)
    expect(
      (
        await cli.run(['user', 'add', '--org', '99999', '--email', 'y@users.test', '--role', 'viewer'], {
          KASSA_PASSWORD: 'dev-password-1',
        })
      ).stderr,
    ).toMatch(/not found/)
  })

  test('user reset-2fa', async () => {
    const r = await cli.run(['user', 'reset-2fa', '--email', 'dev@users.test', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({ email: 'dev@users.test', two_factor_was_enabled: false, sessions_revoked: 0 })
    expect((await cli.run(['user', 'reset-2fa', '--email', 'ghost@users.test'])).code).not.toBe(0)
  })
})
