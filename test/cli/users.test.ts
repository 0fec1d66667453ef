import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CliHarness } from '../support/cli.ts'

let cli: CliHarness
let orgId: number
beforeAll(async () => {
  cli = await CliHarness.create()
  const r = await cli.run([
    'merchant',
    'create',
    '--email',
    'boss@users.test',
    '--password',
    'a-long-password',
    '--org-name',
    'Users Inc',
    '--json',
  ])
  orgId = r.json.organization_id
})
afterAll(() => cli.close())

describe('kassa user …', () => {
  test('user add: a member with a role, without an invitation', async () => {
    const r = await cli.run([
      'user',
      'add',
      '--org',
      String(orgId),
      '--email',
      'Dev@Users.test',
      '--password',
      'dev-password-1',
      '--role',
      'developer',
      '--json',
    ])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({
      user_id: expect.any(Number),
      organization_id: orgId,
      email: 'dev@users.test',
      role: 'developer',
    })
  })

  test('user add refuses bad input and taken emails', async () => {
    const bad = await cli.run([
      'user',
      'add',
      '--org',
      String(orgId),
      '--email',
      'x@users.test',
      '--password',
      'short',
      '--role',
      'root',
    ])
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/role/)
    expect(bad.stderr).toMatch(/password/)
    const taken = await cli.run([
      'user',
      'add',
      '--org',
      String(orgId),
      '--email',
      'dev@users.test',
      '--password',
      'dev-password-1',
      '--role',
      'viewer',
    ])
    expect(taken.stderr).toMatch(/already exists/)
    expect(
      (
        await cli.run([
          'user',
          'add',
          '--org',
          '99999',
          '--email',
          'y@users.test',
          '--password',
          'dev-password-1',
          '--role',
          'viewer',
        ])
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
