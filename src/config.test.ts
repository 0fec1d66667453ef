import { describe, expect, test } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

const base = { SECRET_KEY: 'x'.repeat(40), DATA_DIR: '/tmp/kassa-config-test' }

describe('config', () => {
  test('defaults run on a laptop', () => {
    const c = loadConfig(base)
    expect(c).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: null,
      platformName: 'Kassa',
      sandboxSimulation: 'internal',
      publicUrl: 'http://127.0.0.1:8080',
      allowPrivateWebhookUrls: true,
    })
    expect(Object.isFrozen(c)).toBe(true)
  })

  test.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ PUBLIC_URL: 'not a url' }, /PUBLIC_URL/],
    [{ SANDBOX_SIMULATION: 'maybe' }, /SANDBOX_SIMULATION/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ SECRET_KEY: 'short' }, /SECRET_KEY/],
    [{ ALLOW_PRIVATE_WEBHOOK_URLS: 'perhaps' }, /ALLOW_PRIVATE_WEBHOOK_URLS/],
  ])('a bad value stops the start naming it: %o', (env, pattern) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError)
    expect(() => loadConfig({ ...base, ...env })).toThrow(pattern)
  })

  const pg = { DATABASE_URL: 'postgres://kassa@db/kassa' }

  test('SECRET_KEY is required in production unless a generated one is allowed explicitly', () => {
    expect(() => loadConfig({ ...pg, NODE_ENV: 'production', DATA_DIR: '/tmp/x' })).toThrow(/SECRET_KEY is required/)
    expect(() => loadConfig({ ...pg, NODE_ENV: 'production', DATA_DIR: '/tmp/x' })).toThrow(
      /ALLOW_GENERATED_SECRET_KEY_IN_PRODUCTION/,
    )
    const dir = `/tmp/kassa-config-gen-${process.pid}-${Date.now()}`
    const allowed = loadConfig({
      ...pg,
      NODE_ENV: 'production',
      DATA_DIR: dir,
      ALLOW_GENERATED_SECRET_KEY_IN_PRODUCTION: 'true',
    })
    expect(allowed.secretKey.length).toBeGreaterThanOrEqual(32)
    expect(
      loadConfig({ ...pg, NODE_ENV: 'production', DATA_DIR: dir, ALLOW_GENERATED_SECRET_KEY_IN_PRODUCTION: 'true' })
        .secretKey,
    ).toBe(allowed.secretKey)
  })

  test('production refuses the embedded database unless allowed explicitly', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(ConfigError)
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION/)
    expect(
      loadConfig({ ...base, NODE_ENV: 'production', ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: 'true' }).databaseUrl,
    ).toBeNull()
    expect(loadConfig({ ...base, ...pg, NODE_ENV: 'production' }).databaseUrl).toBe(pg.DATABASE_URL)
  })

  test('production refuses private webhook URLs unless allowed explicitly', () => {
    expect(loadConfig({ ...base, ...pg, NODE_ENV: 'production' }).allowPrivateWebhookUrls).toBe(false)
    expect(
      loadConfig({ ...base, ...pg, NODE_ENV: 'production', ALLOW_PRIVATE_WEBHOOK_URLS: 'true' })
        .allowPrivateWebhookUrls,
    ).toBe(true)
  })

  test('embedded mode generates SECRET_KEY once and keeps it in the data dir', () => {
    const dir = `/tmp/kassa-config-${process.pid}-${Date.now()}`
    const a = loadConfig({ DATA_DIR: dir })
    const b = loadConfig({ DATA_DIR: dir })
    expect(a.secretKey.length).toBeGreaterThanOrEqual(32)
    expect(b.secretKey).toBe(a.secretKey)
  })

  test("the embedded database runs on V8's baseline WebAssembly compiler unless PGLITE_WASM_OPTIMIZE asks", () => {
    expect(loadConfig(base).pgliteWasmOptimize).toBe(false)
    expect(loadConfig({ ...base, PGLITE_WASM_OPTIMIZE: 'true' }).pgliteWasmOptimize).toBe(true)
    expect(() => loadConfig({ ...base, PGLITE_WASM_OPTIMIZE: 'maybe' })).toThrow(/PGLITE_WASM_OPTIMIZE/)
  })

  test('PUBLIC_URL loses its trailing slash', () => {
    expect(loadConfig({ ...base, PUBLIC_URL: 'https://pay.example.com/' }).publicUrl).toBe('https://pay.example.com')
  })
})
