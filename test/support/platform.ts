import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import { loadConfig, type Config } from '../../src/config.ts'
import type { AppContext, Clock } from '../../src/context.ts'
import { buildApp } from '../../src/app.ts'
import { createTestDatabase, type TestDatabase } from './database.ts'
import { installOpenApiResponseCheck } from './openapi-check.ts'
import { createApiKey } from '../../src/modules/api-keys/index.ts'
import { createMerchant, updateOrganization } from '../../src/modules/organizations/index.ts'
import { createProduct } from '../../src/modules/products/index.ts'
import { randomBase62 } from '../../src/lib/ids.ts'
import type { Environment } from '../../src/db/schema.ts'
import type { FastifyBaseLogger } from 'fastify'

/** A clock tests can move; starts at real time. */
export class FakeClock implements Clock {
  private offsetMs = 0
  now(): Date {
    return new Date(Date.now() + this.offsetMs)
  }
  advance(ms: number): void {
    this.offsetMs += ms
  }
}

export interface TestPlatform {
  ctx: AppContext
  app: FastifyInstance
  database: TestDatabase
  clock: FakeClock
  /** Responses that did not match the OpenAPI document; close() fails the file if any. */
  openApiViolations: string[]
  close(): Promise<void>
}

export const TEST_SECRET_KEY = 'test-secret-key-0123456789abcdefghijklmnop'

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    SECRET_KEY: TEST_SECRET_KEY,
    PUBLIC_URL: 'http://127.0.0.1:8080',
    DATA_DIR: '/tmp/kassa-test-data',
    SANDBOX_SIMULATION: 'internal',
    ALLOW_PRIVATE_WEBHOOK_URLS: 'true',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
  })
}

/** Boots the whole app on a fresh database; call `close()` in afterAll. */
export async function createTestPlatform(
  options: { env?: Record<string, string>; log?: FastifyBaseLogger } = {},
): Promise<TestPlatform> {
  const database = await createTestDatabase()
  const config = testConfig(options.env)
  const clock = new FakeClock()
  const log = options.log ?? (pino({ level: config.logLevel }) as unknown as FastifyBaseLogger)
  const ctx: AppContext = { config, db: database.db, dbKind: database.kind, clock, log }
  const app = await buildApp(ctx)
  const openApiViolations: string[] = []
  installOpenApiResponseCheck(app, openApiViolations)
  await app.ready()
  return {
    ctx,
    app,
    database,
    clock,
    openApiViolations,
    close: async () => {
      await app.close()
      await database.close()
      if (openApiViolations.length)
        throw new Error(`responses not matching the OpenAPI document:\n${openApiViolations.join('\n')}`)
    },
  }
}

export interface Merchant {
  organizationId: number
  userId: number
  email: string
  password: string
  sandboxKey: string
  productionKey: string
  /** A catalog product priced 25.00 USD and 23.00 EUR. */
  productId: string
  /** A catalog product priced 100.00 USD only. */
  usdOnlyProductId: string
}

/** A merchant with sandbox + production keys (all scopes) and two products; ad-hoc items on, prices HT, fees 2.9% + 0.30. */
export async function createMerchantFixture(
  ctx: AppContext,
  options: { adhoc?: boolean; priceMode?: 'HT' | 'TTC' } = {},
): Promise<Merchant> {
  const email = `m-${randomBase62(8).toLowerCase()}@example.com`
  const password = 'correct horse battery staple'
  const { organization, user } = await createMerchant(ctx.db, { email, password, orgName: `Shop ${email}` })
  await updateOrganization(ctx.db, organization.id, {
    adhoc_products_enabled: options.adhoc ?? true,
    price_mode: options.priceMode ?? 'HT',
  })
  const sandbox = await createApiKey(ctx.db, { organizationId: organization.id, environment: 'sandbox', scopes: [] })
  const production = await createApiKey(ctx.db, {
    organizationId: organization.id,
    environment: 'production',
    scopes: [],
  })
  const tshirt = await createProduct(ctx.db, {
    organizationId: organization.id,
    name: 'T-shirt',
    prices: [
      { currency: 'USD', amount: '25.00' },
      { currency: 'EUR', amount: '23.00' },
    ],
  })
  const big = await createProduct(ctx.db, {
    organizationId: organization.id,
    name: 'Big thing',
    prices: [{ currency: 'USD', amount: '100.00' }],
  })
  return {
    organizationId: organization.id,
    userId: user.id,
    email,
    password,
    sandboxKey: sandbox.raw,
    productionKey: production.raw,
    productId: tshirt.product.public_id,
    usdOnlyProductId: big.product.public_id,
  }
}

export async function createKey(ctx: AppContext, organizationId: number, environment: Environment, scopes: string[]) {
  return (await createApiKey(ctx.db, { organizationId, environment, scopes })).raw
}

export const apiKeyHeaders = (key: string) => ({ authorization: `Api-Key ${key}` })

/** A valid checkout body for a US buyer (no tax) buying `quantity` of a catalog product. */
export function checkoutBody(productId: string, overrides: Record<string, unknown> = {}) {
  return {
    billing_country: 'US',
    billing_postal_code: '94103',
    billing_first_name: 'Ada',
    billing_last_name: 'Lovelace',
    billing_email: 'ada@example.com',
    currency: 'USD',
    products: [{ id: productId, quantity: 1 }],
    ...overrides,
  }
}

/** Creates a checkout through the API and returns its JSON answer. */
export async function createCheckoutViaApi(app: FastifyInstance, key: string, body: Record<string, unknown>) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/checkout/create/',
    headers: apiKeyHeaders(key),
    payload: body,
  })
  if (res.statusCode !== 201) throw new Error(`checkout create failed: ${res.statusCode} ${res.body}`)
  return res.json() as {
    checkout_id: string
    order_id: string
    checkout_url: string
    token: string
    expires_at: number
    transaction_id: string
    amount: string
  }
}
