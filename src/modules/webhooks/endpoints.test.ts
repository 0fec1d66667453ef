import { spawnSync } from 'node:child_process'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createMerchantFixture,
  createTestPlatform,
  testConfig,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { isPostgres } from '../../../test/support/database.ts'
import type { AppContext } from '../../context.ts'
import { AppError } from '../../lib/errors.ts'
import { schemaErrors } from '../../../test/support/schema-check.ts'
import { WebhookEndpoint, WebhookEndpointWithSecret } from './webhooks.schemas.ts'
import {
  createEndpoint,
  deleteEndpoint,
  disableEndpoint,
  endpointSecret,
  getEndpoint,
  listEndpoints,
  requireEndpoint,
  rotateEndpointSecret,
  updateEndpoint,
} from './endpoints.service.ts'

let p: TestPlatform
let m: Merchant
let other: Merchant
let sandbox: { organizationId: number; environment: 'sandbox' }
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  other = await createMerchantFixture(p.ctx)
  sandbox = { organizationId: m.organizationId, environment: 'sandbox' }
})
afterAll(() => p.close())

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

/** A context whose config is what NODE_ENV=production gives (private URLs refused). */
const productionCtx = (): AppContext => ({
  ...p.ctx,
  config: testConfig({ NODE_ENV: 'production', ALLOW_PRIVATE_WEBHOOK_URLS: '' }),
})

describe('webhook endpoints', () => {
  it('creates an endpoint with a Standard Webhooks secret shown once', async () => {
    const { endpoint, secret } = await createEndpoint(p.ctx, sandbox, {
      url: 'http://127.0.0.1:9/hooks',
      event_types: ['transaction.status_changed'],
    })
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/)
    expect(Buffer.from(secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24)
    expect(endpoint).toMatchObject({
      url: 'http://127.0.0.1:9/hooks',
      enabled: true,
      environment: 'sandbox',
      event_types: ['transaction.status_changed'],
      disabled_reason: null,
    })
    expect(endpoint.id).toMatch(/^we_/)
    expect(schemaErrors(WebhookEndpointWithSecret, { endpoint, secret })).toEqual([])
    expect(schemaErrors(WebhookEndpoint, await getEndpoint(p.ctx, sandbox, endpoint.id))).toEqual([])
    expect(JSON.stringify(await getEndpoint(p.ctx, sandbox, endpoint.id))).not.toContain(secret)
    expect(endpointSecret(p.ctx, await requireEndpoint(p.ctx, sandbox, endpoint.id))).toBe(secret)
  })

  it('lists every field error at once', async () => {
    const err = await appError(
      createEndpoint(p.ctx, sandbox, {
        url: 'ftp://example.com/x',
        event_types: ['Nope', 'ok.type', 7 as unknown as string],
        description: 5 as unknown as string,
      }),
    )
    expect(err.status).toBe(400)
    expect(err.code).toBe('validation_error')
    expect(Object.keys(err.errors!).sort()).toEqual(['description', 'event_types.0', 'event_types.2', 'url'])
    expect((await appError(createEndpoint(p.ctx, sandbox, { url: '' }))).errors).toHaveProperty('url')
    expect(
      (await appError(createEndpoint(p.ctx, sandbox, { url: 'https://user:pw@example.com/' }))).errors,
    ).toHaveProperty('url')
  })

  it('updates, rotates, disables, re-enables and deletes', async () => {
    const { endpoint, secret } = await createEndpoint(p.ctx, sandbox, { url: 'http://127.0.0.1:9/a' })
    const updated = await updateEndpoint(p.ctx, sandbox, endpoint.id, {
      url: 'http://127.0.0.1:9/b',
      event_types: ['refund.status_changed'],
      description: 'orders',
    })
    expect(updated).toMatchObject({
      url: 'http://127.0.0.1:9/b',
      event_types: ['refund.status_changed'],
      description: 'orders',
    })
    const rotated = await rotateEndpointSecret(p.ctx, sandbox, endpoint.id)
    expect(rotated.secret).not.toBe(secret)
    expect(endpointSecret(p.ctx, await requireEndpoint(p.ctx, sandbox, endpoint.id))).toBe(rotated.secret)
    expect(await disableEndpoint(p.ctx, sandbox, endpoint.id)).toMatchObject({
      enabled: false,
      disabled_reason: 'Disabled by the merchant.',
    })
    expect(await updateEndpoint(p.ctx, sandbox, endpoint.id, { enabled: true })).toMatchObject({
      enabled: true,
      disabled_reason: null,
    })
    await deleteEndpoint(p.ctx, sandbox, endpoint.id)
    expect((await appError(getEndpoint(p.ctx, sandbox, endpoint.id))).status).toBe(404)
    expect((await listEndpoints(p.ctx, sandbox)).map((e) => e.id)).not.toContain(endpoint.id)
  })

  it('hides endpoints of another organization or environment (404)', async () => {
    const { endpoint } = await createEndpoint(p.ctx, sandbox, { url: 'http://127.0.0.1:9/c' })
    for (const scope of [
      { organizationId: other.organizationId, environment: 'sandbox' as const },
      { organizationId: m.organizationId, environment: 'production' as const },
    ]) {
      expect((await appError(getEndpoint(p.ctx, scope, endpoint.id))).status).toBe(404)
      expect((await appError(updateEndpoint(p.ctx, scope, endpoint.id, { enabled: false }))).status).toBe(404)
      expect((await appError(rotateEndpointSecret(p.ctx, scope, endpoint.id))).status).toBe(404)
      expect((await appError(deleteEndpoint(p.ctx, scope, endpoint.id))).status).toBe(404)
      expect((await listEndpoints(p.ctx, scope)).map((e) => e.id)).not.toContain(endpoint.id)
    }
    expect((await appError(getEndpoint(p.ctx, sandbox, 'not an id'))).status).toBe(404)
  })

  it('in production refuses http, loopback, private, link-local, CGNAT, metadata and IPv6 internal URLs', async () => {
    const ctx = productionCtx()
    const refused = [
      'http://example.com/hooks',
      'https://127.0.0.1/h',
      'https://10.1.2.3/h',
      'https://192.168.1.1/h',
      'https://172.16.0.1/h',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/h',
      'https://[::1]/h',
      'https://[fe80::1]/h',
      'https://[fd00::1]/h',
      'https://[::ffff:127.0.0.1]/h',
      'https://2130706433/h',
      'https://localhost/h',
      'https://api.localhost/h',
    ]
    for (const url of refused) {
      const err = await appError(createEndpoint(ctx, sandbox, { url }))
      expect(err.errors?.url?.[0], url).toMatch(/not allowed/)
    }
    // A DNS name resolving to loopback is refused after resolution.
    const resolve = async () => ['127.0.0.1']
    expect(
      (await appError(createEndpoint(ctx, sandbox, { url: 'https://hooks.example.com/h' }, { resolve }))).errors
        ?.url?.[0],
    ).toMatch(/resolves to a loopback/)
    const mixed = async () => ['93.184.216.34', '10.0.0.1']
    expect(
      (await appError(createEndpoint(ctx, sandbox, { url: 'https://hooks.example.com/h' }, { resolve: mixed }))).errors
        ?.url?.[0],
    ).toMatch(/private/)
    const { endpoint } = await createEndpoint(
      ctx,
      sandbox,
      { url: 'https://hooks.example.com/h' },
      { resolve: async () => ['93.184.216.34'] },
    )
    expect(endpoint.url).toBe('https://hooks.example.com/h')
    // ALLOW_PRIVATE_WEBHOOK_URLS=true lifts it even in production.
    const lifted = { ...p.ctx, config: testConfig({ NODE_ENV: 'production', ALLOW_PRIVATE_WEBHOOK_URLS: 'true' }) }
    expect((await createEndpoint(lifted, sandbox, { url: 'http://127.0.0.1:9/h' })).endpoint.url).toBe(
      'http://127.0.0.1:9/h',
    )
  })

  it('stores the secret only encrypted: it is not in a dump of the database', async () => {
    const { secret } = await createEndpoint(p.ctx, sandbox, { url: 'http://127.0.0.1:9/dump' })
    const keyPart = secret.slice('whsec_'.length)
    let dump = ''
    if (isPostgres && p.database.url) {
      const out = spawnSync('pg_dump', ['--data-only', p.database.url], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      })
      expect(out.status, out.stderr).toBe(0)
      dump = out.stdout
    } else {
      const tables = await sql<{
        table_name: string
      }>`select table_name from information_schema.tables where table_schema = 'public'`.execute(p.ctx.db)
      for (const { table_name } of tables.rows) {
        const rows = await sql.raw(`select row_to_json(t)::text as row from "${table_name}" t`).execute(p.ctx.db)
        dump += rows.rows.map((r) => (r as { row: string }).row).join('\n')
      }
    }
    expect(dump).toContain('http://127.0.0.1:9/dump')
    expect(dump).not.toContain(keyPart)
    expect(dump).not.toContain(Buffer.from(keyPart, 'base64').toString('hex'))
  })
})
