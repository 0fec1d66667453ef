import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { join } from 'node:path'
import { CliHarness } from '../support/cli.ts'
import { openDatabase } from '../../src/db/database.ts'
import { verifyPassword } from '../../src/lib/crypto.ts'

let cli: CliHarness
let orgId: number
beforeAll(async () => {
  cli = await CliHarness.create()
})
afterAll(() => cli.close())

describe('kassa CLI (--json prints exactly one JSON object)', () => {
  test('migrate', async () => {
    const r = await cli.run(['migrate', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    expect(r.json.version).toBeGreaterThanOrEqual(1)
  })

  test('merchant create', async () => {
    const r = await cli.run(['merchant', 'create', '--email', 'owner@shop.test', '--org-name', 'Shop', '--json'], {
      KASSA_PASSWORD: 'a-long-password',
    })
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({ organization_id: expect.any(Number), user_id: expect.any(Number) })
    orgId = r.json.organization_id
  })

  test('merchant create with a taken email fails with a clear message', async () => {
    const r = await cli.run(['merchant', 'create', '--email', 'owner@shop.test', '--org-name', 'Shop 2'], {
      KASSA_PASSWORD: 'a-long-password',
    })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/already exists/)
  })

  test('api-key create: raw key once, scopes, environment', async () => {
    const r = await cli.run([
      'api-key',
      'create',
      '--org',
      String(orgId),
      '--env',
      'sandbox',
      '--scopes',
      'checkout:create,payments:read',
      '--json',
    ])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({
      id: expect.any(Number),
      key: expect.stringMatching(/^sk_test_/),
      prefix: expect.any(String),
      scopes: ['checkout:create', 'payments:read'],
      environment: 'sandbox',
    })
    expect(r.json.key.startsWith(r.json.prefix)).toBe(true)
  })

  test('api-key create refuses bad input', async () => {
    expect((await cli.run(['api-key', 'create', '--org', String(orgId), '--env', 'staging'])).stderr).toMatch(/--env/)
    expect(
      (await cli.run(['api-key', 'create', '--org', String(orgId), '--env', 'sandbox', '--scopes', 'root'])).stderr,
    ).toMatch(/Unknown scope/)
    expect((await cli.run(['api-key', 'create', '--org', '999999', '--env', 'sandbox'])).stderr).toMatch(
      /Organization not found/,
    )
  })

  test('product create with USD and EUR prices', async () => {
    const r = await cli.run([
      'product',
      'create',
      '--org',
      String(orgId),
      '--name',
      'Mug',
      '--price',
      '12.50',
      '--currency',
      'USD',
      '--price',
      '11.90',
      '--currency',
      'EUR',
      '--json',
    ])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({
      id: expect.stringMatching(/^prod_/),
      name: 'Mug',
      prices: [
        { currency: 'USD', amount: '12.50' },
        { currency: 'EUR', amount: '11.90' },
      ],
    })
  })

  test('product create refuses a bad price', async () => {
    const r = await cli.run([
      'product',
      'create',
      '--org',
      String(orgId),
      '--name',
      'Mug',
      '--price',
      '12.505',
      '--currency',
      'USD',
    ])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/prices.0.amount/)
  })

  test('org set', async () => {
    const r = await cli.run([
      'org',
      'set',
      '--org',
      String(orgId),
      '--adhoc-products',
      'on',
      '--min-payment',
      '1.00',
      '--max-payment',
      '10000.00',
      '--fee-percent',
      '2.9',
      '--fee-fixed',
      '0.30',
      '--price-mode',
      'HT',
      '--json',
    ])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({
      adhoc_products: 'on',
      min_payment: '1.00',
      max_payment: '10000.00',
      fee_percent: '2.90',
      fee_fixed: '0.30',
      price_mode: 'HT',
    })
    const bad = await cli.run(['org', 'set', '--org', String(orgId), '--price-mode', 'GROSS', '--fee-percent', '200'])
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/price-mode/)
    expect(bad.stderr).toMatch(/fee-percent/)
  })

  test('fx set', async () => {
    const r = await cli.run(['fx', 'set', '--from', 'EUR', '--to', 'USD', '--rate', '1.1', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({ from: 'EUR', to: 'USD', rate: '1.1' })
    expect((await cli.run(['fx', 'set', '--from', 'EUR', '--to', 'USD', '--rate', '-1'])).code).not.toBe(0)
  })

  test('tax set', async () => {
    const r = await cli.run(['tax', 'set', '--country', 'us', '--rate', '7.25', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toEqual({ country: 'US', rate_percent: '7.25', source: 'operator' })
    expect((await cli.run(['tax', 'set', '--country', 'ZZ', '--rate', '5'])).stderr).toMatch(/country/)
  })

  test('missing options and unknown commands exit non-zero with a message', async () => {
    const missing = await cli.run(['merchant', 'create', '--email', 'x@y.z', '--json'])
    expect(missing.code).toBe(2)
    expect(JSON.parse(missing.stderr).error).toMatch(/--org-name/)
    const unknown = await cli.run(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/unknown command/)
  })
})

describe('CLI passwords never come from argv', () => {
  async function storedHash(email: string): Promise<string> {
    const handle = await openDatabase(
      cli.env.DATABASE_URL
        ? { databaseUrl: cli.env.DATABASE_URL, dataDir: null }
        : { databaseUrl: null, dataDir: join(cli.env.DATA_DIR, 'pgdata') },
    )
    try {
      const row = await handle.db
        .selectFrom('users')
        .select('password_hash')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
      return row.password_hash
    } finally {
      await handle.close()
    }
  }

  test('--password is refused and names the two ways that work', async () => {
    const r = await cli.run([
      'merchant',
      'create',
      '--email',
      'argv@shop.test',
      '--password',
      'p-on-argv-1234',
      '--org-name',
      'A',
    ])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--password-stdin/)
    expect(r.stderr).toMatch(/KASSA_PASSWORD/)
  })

  test('--password-stdin reads the password from standard input', async () => {
    const r = await cli.run(
      ['merchant', 'create', '--email', 'stdin@shop.test', '--password-stdin', '--org-name', 'S', '--json'],
      { KASSA_PASSWORD: 'not-this-one-1234' },
      'stdin-password-1234\n',
    )
    expect(r.code, r.stderr).toBe(0)
    const hash = await storedHash('stdin@shop.test')
    expect(await verifyPassword('stdin-password-1234', hash)).toBe(true)
    expect(await verifyPassword('not-this-one-1234', hash)).toBe(false)
  })

  test('KASSA_PASSWORD is used when no option is given; neither means a usage error', async () => {
    const r = await cli.run(['merchant', 'create', '--email', 'env@shop.test', '--org-name', 'E', '--json'], {
      KASSA_PASSWORD: 'env-password-1234',
    })
    expect(r.code, r.stderr).toBe(0)
    expect(await verifyPassword('env-password-1234', await storedHash('env@shop.test'))).toBe(true)
    const none = await cli.run(['merchant', 'create', '--email', 'none@shop.test', '--org-name', 'N'], {
      KASSA_PASSWORD: '',
    })
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/KASSA_PASSWORD/)
  })
})
