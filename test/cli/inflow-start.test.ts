import { afterAll, beforeAll, expect, test } from 'vitest'
import { CliHarness } from '../support/cli.ts'

// PRODUCTION_PROVIDER=inflow: a missing setting stops `kassa serve` and `kassa worker`, naming it.

let cli: CliHarness
beforeAll(async () => {
  cli = await CliHarness.create()
})
afterAll(() => cli?.close())

const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`

test.each([
  ['serve', { PRODUCTION_PROVIDER: 'inflow', INFLOW_WEBHOOK_SECRET: secret }, 'INFLOW_API_KEY'],
  ['worker', { PRODUCTION_PROVIDER: 'inflow', INFLOW_API_KEY: 'sk_live_x' }, 'INFLOW_WEBHOOK_SECRET'],
  [
    'serve',
    { SANDBOX_PROVIDER: 'inflow', INFLOW_SANDBOX_API_KEY: 'k', INFLOW_SANDBOX_WEBHOOK_SECRET: secret },
    'INFLOW_SANDBOX_API_URL',
  ],
])(
  'kassa %s with %o stops naming %s',
  async (command, env, missing) => {
    const result = await cli.run(command === 'serve' ? ['serve', '--no-worker'] : ['worker'], { PORT: '0', ...env })
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain(missing)
    expect(result.stderr).not.toContain('sk_live_x')
  },
  60_000,
)
