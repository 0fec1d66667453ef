import { describe, expect, test } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

// PRODUCTION_PROVIDER / SANDBOX_PROVIDER = inflow: every missing setting stops the start, naming it.

const base = { SECRET_KEY: 'x'.repeat(40), DATA_DIR: '/tmp/kassa-config-test' }
const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`
const production = {
  ...base,
  PRODUCTION_PROVIDER: 'inflow',
  INFLOW_API_KEY: 'sk_live_1',
  INFLOW_WEBHOOK_SECRET: secret,
}
const sandbox = {
  SANDBOX_PROVIDER: 'inflow',
  INFLOW_SANDBOX_API_URL: 'https://sandbox.inflow.test',
  INFLOW_SANDBOX_API_KEY: 'sk_test_1',
  INFLOW_SANDBOX_WEBHOOK_SECRET: secret,
}

describe('Inflow settings', () => {
  test('production on Inflow: the documented URL by default; sandbox stays on the simulator', () => {
    const config = loadConfig(production)
    expect(config.inflow).toEqual({
      apiUrl: 'https://api.inflowpay.xyz',
      apiKey: 'sk_live_1',
      webhookSecret: secret,
      timeoutMs: 10_000,
    })
    expect(config.sandboxProvider).toBe('simulator')
    expect(config.inflowSandbox).toBeNull()
    expect(loadConfig({ ...production, INFLOW_API_URL: 'http://127.0.0.1:4010/' }).inflow?.apiUrl).toBe(
      'http://127.0.0.1:4010',
    )
  })

  test.each([
    ['INFLOW_API_KEY', { ...production, INFLOW_API_KEY: '' }],
    ['INFLOW_WEBHOOK_SECRET', { ...production, INFLOW_WEBHOOK_SECRET: undefined }],
    ['INFLOW_WEBHOOK_SECRET', { ...production, INFLOW_WEBHOOK_SECRET: 'not-a-whsec' }],
    ['INFLOW_API_URL', { ...production, INFLOW_API_URL: 'ftp://x' }],
    ['INFLOW_SANDBOX_API_URL', { ...base, ...sandbox, INFLOW_SANDBOX_API_URL: '' }],
    ['INFLOW_SANDBOX_API_KEY', { ...base, ...sandbox, INFLOW_SANDBOX_API_KEY: undefined }],
    ['INFLOW_SANDBOX_WEBHOOK_SECRET', { ...base, ...sandbox, INFLOW_SANDBOX_WEBHOOK_SECRET: undefined }],
    ['SANDBOX_PROVIDER', { ...base, SANDBOX_PROVIDER: 'stripe' }],
    ['INFLOW_TIMEOUT_MS', { ...production, INFLOW_TIMEOUT_MS: '5' }],
  ])('missing or bad %s stops the start naming it', (name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(name)
  })

  test('sandbox on Inflow sandbox with its own settings; secrets are not in the error text', () => {
    const config = loadConfig({ ...base, ...sandbox })
    expect(config.inflowSandbox).toMatchObject({ apiUrl: 'https://sandbox.inflow.test', apiKey: 'sk_test_1' })
    expect(config.inflow).toBeNull()
    const bad = () => loadConfig({ ...production, INFLOW_WEBHOOK_SECRET: 'whsec_!!' })
    expect(bad).toThrow('INFLOW_WEBHOOK_SECRET')
    expect(bad).not.toThrow('whsec_!!')
  })
})
