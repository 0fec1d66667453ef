import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { createUserWithRole, login, tokenHeaders } from '../support/dashboard.ts'
import { casesFor, type Credential, type FuzzCase, type Operation } from '../support/fuzz/cases.ts'
import { resolver, seededRng } from '../support/fuzz/values.ts'
import { createApiKey } from '../../src/modules/api-keys/index.ts'

// Fuzzing from the contract: every operation of the served OpenAPI document gets a valid request and
// invalid variants (see test/support/fuzz/), with an API key, a dashboard token and no credentials.
// Every answer must be < 500, have a status the operation documents, and (the platform's response
// check) a JSON body matching the documented schema. FUZZ_SEED replays another deterministic run.
const SEED = Number(process.env.FUZZ_SEED ?? 13)

let p: TestPlatform
let m: Merchant
let token: string
let known: Record<string, Record<string, string>>

async function seed(): Promise<void> {
  const owner = tokenHeaders(token)
  const post = async (url: string, payload: unknown, headers = owner) => {
    const res = await p.app.inject({ method: 'POST', url, headers, payload: payload as object })
    if (res.statusCode >= 300) throw new Error(`seed ${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  const checkout = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
  const link = await post('/api/payment-links/', { name: 'Fuzz link', products: [{ product_id: m.productId }] })
  const hook = await post('/api/organization/webhooks/', { url: 'http://127.0.0.1:9/hook' })
  const invitation = await post('/api/organization/invitations/', { email: 'invitee@example.com', role: 'viewer' })
  // Victims for destructive operations, so that the fuzzer's own user and key survive them.
  const victim = await createUserWithRole(p.ctx, p.app, m.organizationId, 'viewer')
  const victimKey = await createApiKey(p.ctx.db, {
    organizationId: m.organizationId,
    environment: 'sandbox',
    scopes: [],
  })
  known = {
    '/api/checkout/': { checkout_id: checkout.checkout_id },
    '/api/transactions/': { id: checkout.transaction_id },
    '/api/payments/': { id: checkout.transaction_id },
    '/api/products/': { id: m.usdOnlyProductId },
    '/api/payment-links/': { uuid: link.uuid ?? link.id },
    '/api/organization/webhooks/': { id: String(hook.id) },
    '/api/organization/invitations/': { id: String(invitation.id) },
    '/api/organization/users/': { id: String(victim.userId) },
    '/api/organization/api-keys/': { id: String(victimKey.row.id) },
  }
}

beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  token = await login(p.app, m.email, m.password)
  await seed()
})
afterAll(() => p.close())

/** Operations that would end the fuzzer's own session run with a throwaway one. */
const OWN_SESSION_ENDERS = new Set([
  'POST /api/auth/logout/',
  'POST /api/auth/password/',
  'POST /api/auth/2fa/disable/',
])
/** A server-sent event stream never ends: only requests it refuses are sent. */
const STREAMS = new Set(['GET /api/webhooks/stream/'])

/** Every 4xx is Kassa's `{detail, code}`, even when no route answered (router and parser refusals). */
function errorShaped(res: { statusCode: number; body: string }): boolean {
  if (res.statusCode < 400) return true
  try {
    const body = JSON.parse(res.body)
    return typeof body.detail === 'string' && typeof body.code === 'string'
  } catch {
    return false
  }
}

describe('fuzzing from the OpenAPI document', () => {
  test('every operation, valid and invalid requests, three credential types: no 5xx, only documented statuses', async () => {
    const doc = (await p.app.inject({ url: '/api/schema/' })).json()
    const resolve = resolver(doc)
    const rng = seededRng(SEED)
    const operations: Operation[] = []
    for (const [path, item] of Object.entries<any>(doc.paths))
      for (const [method, op] of Object.entries<any>(item)) operations.push({ method: method.toUpperCase(), path, op })
    // Destructive operations last, so the objects they remove serve every other operation first.
    operations.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'))

    const failures: string[] = []
    const byStatus = new Map<number, number>()
    let count = 0
    for (const o of operations) {
      const key = `${o.method} ${o.path}`
      const ids = Object.entries(known).find(([prefix]) => o.path.startsWith(prefix))?.[1] ?? {}
      const sessionToken = OWN_SESSION_ENDERS.has(key) ? await login(p.app, m.email, m.password) : token
      const headersFor = (c: Credential) =>
        c === 'api_key' ? apiKeyHeaders(m.sandboxKey) : c === 'token' ? tokenHeaders(sessionToken) : {}
      const cases: FuzzCase[] = casesFor(o, resolve, rng, ids)
      for (const c of cases) {
        if (STREAMS.has(key) && c.credential === 'api_key') continue
        const started = performance.now()
        const res = await p.app.inject({
          method: c.method as 'GET',
          url: c.url,
          headers: { ...headersFor(c.credential), ...c.headers },
          ...(c.payload !== undefined ? { payload: c.payload } : {}),
        })
        count++
        const ms = performance.now() - started
        if (ms > 300 && process.env.FUZZ_DEBUG) console.log(`slow ${Math.round(ms)} ms: ${c.label}`)
        byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1)
        const documented = Object.keys(o.op.responses ?? {})
        if (res.statusCode >= 500 || !documented.includes(String(res.statusCode)) || !errorShaped(res))
          failures.push(`${c.label} [${c.credential}] → ${res.statusCode} ${res.body.slice(0, 200)}`)
      }
    }
    // The fuzzer's own session and key survived, so every operation was really reached with them.
    expect((await p.app.inject({ url: '/api/auth/me/', headers: tokenHeaders(token) })).statusCode).toBe(200)
    const summary = [...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`)
    console.log(`fuzz: seed ${SEED}, ${operations.length} operations, ${count} requests; statuses ${summary.join(' ')}`)
    expect(failures.slice(0, 40)).toEqual([])
    expect(operations.length).toBeGreaterThan(60)
    expect(count).toBeGreaterThan(3000)
    // ~45 s alone on PGlite, ~30 s on PostgreSQL; up to ~120 s on a loaded 2-core CI machine.
  }, 300_000)
})
