import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createTestPlatform,
  createMerchantFixture,
  apiKeyHeaders,
  type TestPlatform,
  type Merchant,
} from '../support/platform.ts'
import { roleTokens, tokenHeaders, type RoleTokens } from '../support/dashboard.ts'
import type { Role } from '../../src/modules/auth/index.ts'
// Every dashboard route: which roles may call it (README "Roles"). Others must get 403.
const MANAGERS: Role[] = ['owner', 'admin']
const BUILDERS: Role[] = ['owner', 'admin', 'developer']
const ANY: Role[] = ['owner', 'admin', 'developer', 'viewer']
const MATRIX: Array<[method: string, path: string, roles: Role[]]> = [
  ['GET', '/api/organization/', ANY],
  ['PATCH', '/api/organization/', MANAGERS],
  ['GET', '/api/organization/dashboard/', ANY],
  ['GET', '/api/organization/users/', ANY],
  ['PATCH', '/api/organization/users/{id}/', MANAGERS],
  ['DELETE', '/api/organization/users/{id}/', MANAGERS],
  ['GET', '/api/organization/emails/', ANY],
  ['GET', '/api/organization/audit-log/', MANAGERS],
  ['GET', '/api/organization/api-keys/', ANY],
  ['POST', '/api/organization/api-keys/', MANAGERS],
  ['POST', '/api/organization/api-keys/rotate/', MANAGERS],
  ['POST', '/api/organization/api-keys/{id}/revoke/', MANAGERS],
  ['GET', '/api/organization/invitations/', MANAGERS],
  ['POST', '/api/organization/invitations/', MANAGERS],
  ['POST', '/api/organization/invitations/{id}/revoke/', MANAGERS],
  ['GET', '/api/products/', ANY],
  ['POST', '/api/products/', BUILDERS],
  ['GET', '/api/products/{id}/', ANY],
  ['PATCH', '/api/products/{id}/', BUILDERS],
  ['DELETE', '/api/products/{id}/', BUILDERS],
  ['GET', '/api/payment-links/', ANY],
  ['POST', '/api/payment-links/', BUILDERS],
  ['GET', '/api/payment-links/{uuid}/', ANY],
  ['PATCH', '/api/payment-links/{uuid}/', BUILDERS],
  ['DELETE', '/api/payment-links/{uuid}/', BUILDERS],
  ['GET', '/api/payment-links/{uuid}/payments/', ANY],
  ['GET', '/api/payment-links/{uuid}/qr/', ANY],
  ['GET', '/api/payments/', ANY],
  ['GET', '/api/payments/{id}/', ANY],
  ['POST', '/api/payments/{id}/resend-webhook/', BUILDERS],
  ['POST', '/api/refunds/verification-code/', MANAGERS],
  ['POST', '/api/refunds/', MANAGERS],
  ['GET', '/api/organization/webhooks/', ANY],
  ['POST', '/api/organization/webhooks/', BUILDERS],
  ['POST', '/api/organization/webhooks/test/', BUILDERS],
  ['POST', '/api/organization/webhooks/resend/', BUILDERS],
  ['POST', '/api/organization/webhooks/resend-transaction/', BUILDERS],
  ['GET', '/api/organization/webhooks/deliveries/', ANY],
  ['GET', '/api/organization/webhooks/deliveries/{delivery_id}/', ANY],
  ['GET', '/api/organization/webhooks/{id}/', ANY],
  ['PATCH', '/api/organization/webhooks/{id}/', BUILDERS],
  ['DELETE', '/api/organization/webhooks/{id}/', BUILDERS],
  ['POST', '/api/organization/webhooks/{id}/rotate-secret/', BUILDERS],
  ['POST', '/api/organization/webhooks/{id}/test/', BUILDERS],
  ['GET', '/api/customers/', ANY],
  ['GET', '/api/customers/{id}/', ANY],
  ['GET', '/api/subscriptions/{id}/history/', ANY],
]

// The dashboard's refund route answers API keys 405 (they refund at POST /api/transactions/{id}/refund/).
const API_KEY_405 = 'POST /api/refunds/'

let p: TestPlatform
let m: Merchant
let t: RoleTokens
let tokenRoutes: Array<[string, string]>
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  t = await roleTokens(p.ctx, p.app, m.organizationId, m)
  const doc = (
    p.app as unknown as {
      swagger(): { paths: Record<string, Record<string, { security?: Array<Record<string, unknown>> }>> }
    }
  ).swagger()
  tokenRoutes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([, op]) => op.security?.some((s) => 'Token' in s))
      .map(([method]) => [method.toUpperCase(), path] as [string, string]),
  )
})
afterAll(() => p.close())

const call = (method: string, path: string, headers: Record<string, string>) =>
  p.app.inject({
    method: method as 'GET',
    url: path
      .replace('{id}', '999999')
      .replace('{uuid}', '00000000-0000-4000-8000-000000000000')
      .replace('{delivery_id}', '00000000-0000-4000-8000-000000000000'),
    headers,
    ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
  })

describe('credentials on dashboard routes', () => {
  test('the OpenAPI document lists every dashboard route with Token security', () => {
    for (const [method, path] of MATRIX) expect(tokenRoutes, `${method} ${path}`).toContainEqual([method, path])
    expect(tokenRoutes).toContainEqual(['GET', '/api/auth/me/'])
  })

  test('an API key is refused with 401 wrong_credentials_type on every Token route', async () => {
    for (const [method, path] of tokenRoutes) {
      for (const headers of [apiKeyHeaders(m.sandboxKey), { 'api-key': m.productionKey }]) {
        const res = await call(method, path, headers)
        const refused =
          `${method} ${path}` === API_KEY_405 ? [405, 'method_not_allowed'] : [401, 'wrong_credentials_type']
        expect(res.statusCode, `${method} ${path}`).toBe(refused[0])
        expect(res.json().code, `${method} ${path}`).toBe(refused[1])
      }
    }
  })

  test('no credentials, a made-up token, a malformed header → 401 on every Token route', async () => {
    for (const [method, path] of tokenRoutes) {
      for (const headers of [{}, tokenHeaders('made-up'), { authorization: 'Bearer x' }]) {
        const res = await call(method, path, headers as Record<string, string>)
        expect(res.statusCode, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401)
        expect(res.json().code).toBe('not_authenticated')
      }
    }
  })

  test('the sandbox mirror takes dashboard tokens too', async () => {
    expect(
      (await p.app.inject({ url: '/sandbox/api/organization/', headers: tokenHeaders(t.viewer) })).statusCode,
    ).toBe(200)
  })
})

describe('role matrix', () => {
  test.each(MATRIX)('%s %s', async (method, path, allowed) => {
    for (const role of ['owner', 'admin', 'developer', 'viewer'] as const) {
      const res = await call(method, path, tokenHeaders(t[role]))
      if (allowed.includes(role)) expect([401, 403], `${role}: ${res.body}`).not.toContain(res.statusCode)
      else {
        expect(res.statusCode, `${role} should be refused`).toBe(403)
        expect(res.json().code).toBe('permission_denied')
      }
    }
  })
})
