import { afterAll, beforeAll, expect, test } from 'vitest'
import { CliHarness } from '../support/cli.ts'

let cli: CliHarness
beforeAll(async () => {
  cli = await CliHarness.create()
})
afterAll(() => cli.close())

test('kassa test-clock create|advance and subscription list|show (--json)', async () => {
  expect((await cli.run(['migrate', '--json'])).code).toBe(0)
  const merchant = await cli.run(
    ['merchant', 'create', '--email', 'subs@shop.test', '--org-name', 'Subs shop', '--json'],
    { KASSA_PASSWORD: 'a-long-password' },
  )
  const org = String(merchant.json.organization_id)
  const created = await cli.run(['test-clock', 'create', '--org', org, '--time', '2027-01-01T00:00:00Z', '--json'])
  expect(created.code, created.stderr).toBe(0)
  expect(created.json).toMatchObject({ id: expect.stringMatching(/^clock_/), frozen_time: '2027-01-01T00:00:00.000Z' })
  const advanced = await cli.run([
    'test-clock',
    'advance',
    '--org',
    org,
    created.json.id,
    '--time',
    '2027-02-01T00:00:00Z',
    '--json',
  ])
  expect(advanced.code, advanced.stderr).toBe(0)
  expect(advanced.json.frozen_time).toBe('2027-02-01T00:00:00.000Z')
  const back = await cli.run(['test-clock', 'advance', '--org', org, created.json.id, '--time', '2026-01-01T00:00:00Z'])
  expect(back.code).toBe(1)
  expect(back.stderr).toMatch(/only moves forward/)
  const list = await cli.run(['subscription', 'list', '--org', org, '--json'])
  expect(list.code, list.stderr).toBe(0)
  expect(list.json).toEqual({ total: 0, subscriptions: [] })
  const show = await cli.run(['subscription', 'show', '--org', org, 'sub_nope', '--json'])
  expect(show.code).toBe(1)
})
