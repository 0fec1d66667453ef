import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { Validator } from '@seriousme/openapi-schema-validator'
import { createTestPlatform, type TestPlatform } from '../support/platform.ts'

let p: TestPlatform
beforeAll(async () => {
  p = await createTestPlatform()
})
afterAll(() => p.close())

describe('OpenAPI document', () => {
  test('/api/schema/ serves a valid OpenAPI 3.1 document', async () => {
    const res = await p.app.inject({ url: '/api/schema/' })
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    const result = await new Validator().validate(doc)
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([])
    expect(result.valid).toBe(true)
    expect(doc.openapi).toMatch(/^3\.1/)
  })

  test('documents the published routes with trailing slashes and their auth', async () => {
    const doc = (await p.app.inject({ url: '/api/schema/' })).json()
    expect(doc.paths['/api/checkout/create/'].post.security).toEqual([{ ApiKey: [] }])
    expect(doc.paths['/api/transactions/{id}/'].get).toBeTruthy()
    expect(doc.paths['/api/checkout/create/'].post.responses['201']).toBeTruthy()
    // Every path ends with a slash, except downloads named as files (GET /api/payments/export.csv).
    for (const path of Object.keys(doc.paths)) expect(path.endsWith('/') || path.endsWith('.csv'), path).toBe(true)
    // The sandbox mirror is described once, not duplicated path by path.
    expect(Object.keys(doc.paths).some((path) => path.startsWith('/sandbox/'))).toBe(false)
    const body = doc.paths['/api/checkout/create/'].post.requestBody.content['application/json'].schema
    expect(body.properties.currency.enum).toEqual(['USD', 'EUR'])
    expect(body.properties.sandbox_simulate.enum).toEqual([
      'payment_failed',
      'checkout_canceled',
      'canceled',
      'success_pending_deposit',
      'checkout_pending',
    ])
    expect(body.required).toEqual(
      expect.arrayContaining([
        'billing_country',
        'billing_first_name',
        'billing_last_name',
        'billing_email',
        'products',
      ]),
    )
  })

  test('/api/docs/ renders the UI from local assets only (no CDN)', async () => {
    const page = await p.app.inject({ url: '/api/docs/' })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    const html = page.body
    const external = [...html.matchAll(/(?:src|href)="(https?:[^"]+)"/g)].map((m) => m[1])
    expect(external).toEqual([])
    const scripts = [...html.matchAll(/src="([^"]+\.js)"/g)].map((m) => m[1])
    expect(scripts.length).toBeGreaterThan(0)
    for (const src of scripts) {
      const asset = await p.app.inject({ url: new URL(src, 'http://x/api/docs/').pathname })
      expect(asset.statusCode, src).toBe(200)
    }
  })

  test('health and readiness', async () => {
    expect((await p.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' })
    expect((await p.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' })
  })

  test('unknown routes answer 404 in the error format, with a request id header', async () => {
    const res = await p.app.inject({ url: '/api/nope/' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ code: 'not_found' })
    expect(res.headers['x-request-id']).toMatch(/^req_/)
  })
})
