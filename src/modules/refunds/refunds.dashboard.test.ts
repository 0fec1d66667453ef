import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import {
  tokenHeaders,
  type RoleTokens,
  dashboardFixture,
  type DashboardFixture,
} from '../../../test/support/dashboard.ts'
import { FAKE_PROVIDER_ENV, payPayment } from '../../../test/support/payments.ts'
import { startSmtpServer } from '../../../test/support/smtp.ts'

// Dashboard refunds with the emailed code, read from a real SMTP server running in-process.

let p: TestPlatform
let dash: DashboardFixture
let m: Merchant
let tokens: RoleTokens
let otherToken: string
let smtp: Awaited<ReturnType<typeof startSmtpServer>>

beforeAll(async () => {
  smtp = await startSmtpServer()
  p = await createTestPlatform({ env: { ...FAKE_PROVIDER_ENV, SMTP_URL: smtp.url } })
  dash = await dashboardFixture(p)
  ;({ merchant: m, tokens, otherToken } = dash)
})
afterAll(async () => {
  await p.close()
  await smtp.close()
})

const emailOf = async (token: string) =>
  (await p.app.inject({ url: '/api/auth/me/', headers: tokenHeaders(token) })).json().email as string

async function paidPayment(merchant = m, env: 'sandbox' | 'production' = 'production') {
  const checkout = await createCheckoutViaApi(
    p.app,
    env === 'production' ? merchant.productionKey : merchant.sandboxKey,
    checkoutBody(merchant.usdOnlyProductId),
  )
  await payPayment(p.ctx, checkout.transaction_id, { settled: true })
  return checkout.transaction_id
}

async function codeFor(token: string): Promise<string> {
  const res = await dash.as(token).post('/api/refunds/verification-code/', {})
  expect(res.statusCode, res.body).toBe(200)
  return smtp.lastCodeFor(await emailOf(token))
}

const refund = (token: string | null, body: Record<string, unknown>) => dash.as(token).post('/api/refunds/', body)
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

describe('verification code', () => {
  test('emailed over SMTP to the signed-in user; 6 digits; stored only as a keyed hash', async () => {
    const res = await dash.post('/api/refunds/verification-code/', {})
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ sent_to: m.email, expires_in: 600 })
    const code = smtp.lastCodeFor(m.email)
    expect(code).toMatch(/^\d{6}$/)
    const rows = await p.ctx.db.selectFrom('refund_verification_codes').select('code_hash').execute()
    expect(rows.every((r) => r.code_hash !== code && !r.code_hash.includes(code))).toBe(true)
  })

  test('a right code refunds with the same body as the API refund; the code then fails (single use)', async () => {
    const txId = await paidPayment()
    await paidPayment()
    const code = await codeFor(tokens.owner)
    const res = await refund(tokens.owner, {
      transaction_id: txId,
      reason: 'Customer request',
      amount: '40.00',
      verification_code: code,
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({
      status: 'processing',
      refund_id: expect.any(Number),
      refund_public_id: expect.stringMatching(/^RF/),
      transaction_id: expect.any(Number),
      amount: '40.00',
      currency: 'USD',
      amount_usd: '40.00',
      amount_in_cents: 4000,
    })
    const reused = await refund(tokens.owner, {
      transaction_id: txId,
      reason: 'again',
      amount: '1.00',
      verification_code: code,
    })
    expect(reused.statusCode).toBe(400)
    expect(reused.json()).toMatchObject({
      code: 'verification_code_invalid',
      errors: { verification_code: [expect.any(String)] },
    })
    const audit = await p.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'refund.created')
      .where('target_id', '=', res.json().refund_public_id)
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0].after).toMatchObject({ transaction_id: txId, amount: '40.00' })
  })

  test('wrong code → 400 with tries left; the right code still works within 5 tries', async () => {
    const txId = await paidPayment()
    const code = await codeFor(tokens.admin)
    const wrong = await refund(tokens.admin, {
      transaction_id: txId,
      reason: 'x',
      amount: '1.00',
      verification_code: wrongCode(code),
    })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json()).toMatchObject({
      code: 'verification_code_invalid',
      detail: expect.stringContaining('4 tries left'),
    })
    expect(
      (await refund(tokens.admin, { transaction_id: txId, reason: 'x', amount: '1.00', verification_code: code }))
        .statusCode,
    ).toBe(200)
  })

  test('5 wrong tries exhaust the code: even the right one is refused', async () => {
    const txId = await paidPayment()
    const code = await codeFor(tokens.owner)
    for (let i = 0; i < 5; i++)
      expect(
        (await refund(tokens.owner, { transaction_id: txId, reason: 'x', verification_code: wrongCode(code) }))
          .statusCode,
      ).toBe(400)
    const right = await refund(tokens.owner, { transaction_id: txId, reason: 'x', verification_code: code })
    expect(right.statusCode).toBe(400)
    expect(right.json().code).toBe('verification_code_attempts_exceeded')
  })

  test('expired after 10 minutes', async () => {
    const txId = await paidPayment()
    const code = await codeFor(tokens.owner)
    p.clock.advance(10 * 60_000 + 1)
    const res = await refund(tokens.owner, { transaction_id: txId, reason: 'x', verification_code: code })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('verification_code_expired')
  })

  test('a new code replaces the previous one; codes are per user', async () => {
    const txId = await paidPayment()
    const first = await codeFor(tokens.owner)
    const second = await codeFor(tokens.owner)
    if (first !== second)
      expect(
        (await refund(tokens.owner, { transaction_id: txId, reason: 'x', amount: '1.00', verification_code: first }))
          .statusCode,
      ).toBe(400)
    const adminCode = await codeFor(tokens.admin)
    if (adminCode !== second)
      expect(
        (
          await refund(tokens.owner, {
            transaction_id: txId,
            reason: 'x',
            amount: '1.00',
            verification_code: adminCode,
          })
        ).statusCode,
      ).toBe(400)
    expect(
      (await refund(tokens.owner, { transaction_id: txId, reason: 'x', amount: '1.00', verification_code: second }))
        .statusCode,
    ).toBe(200)
  })
})

describe('refund rules, credentials, roles, tenants', () => {
  test('bad input → 400 naming every field; an ineligible payment is refused without spending the code', async () => {
    const bad = await refund(tokens.owner, {})
    expect(bad.statusCode).toBe(400)
    expect(Object.keys(bad.json().errors)).toEqual(
      expect.arrayContaining(['transaction_id', 'reason', 'verification_code']),
    )
    const unpaid = await createCheckoutViaApi(p.app, m.productionKey, checkoutBody(m.usdOnlyProductId))
    const code = await codeFor(tokens.owner)
    const refused = await refund(tokens.owner, {
      transaction_id: unpaid.transaction_id,
      reason: 'x',
      verification_code: code,
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().code).toBe('payment_not_refundable')
    const txId = await paidPayment()
    const tooMuch = await refund(tokens.owner, {
      transaction_id: txId,
      reason: 'x',
      amount: '500.00',
      verification_code: code,
    })
    expect(tooMuch.json().code).toBe('refund_exceeds_refundable')
  })

  test('sandbox payments refund too (the payment decides the environment)', async () => {
    const txId = await paidPayment(m, 'sandbox')
    const res = await refund(tokens.owner, {
      transaction_id: txId,
      reason: 'sandbox',
      amount: '50.00',
      verification_code: await codeFor(tokens.owner),
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().amount).toBe('50.00')
    const refunds = await p.app.inject({ url: '/api/refunds/', headers: apiKeyHeaders(m.sandboxKey) })
    expect(refunds.json().map((r: any) => r.transaction_id)).toContain(txId)
  })

  test('API keys get 405; no token 401; developers and viewers 403; another organization 404', async () => {
    const txId = await paidPayment()
    const withKey = await p.app.inject({
      method: 'POST',
      url: '/api/refunds/',
      headers: apiKeyHeaders(m.productionKey),
      payload: { transaction_id: txId, reason: 'x' },
    })
    expect(withKey.statusCode).toBe(405)
    expect(withKey.json().code).toBe('method_not_allowed')
    expect((await refund(null, { transaction_id: txId, reason: 'x', verification_code: '123456' })).statusCode).toBe(
      401,
    )
    expect((await dash.as(null).post('/api/refunds/verification-code/', {})).statusCode).toBe(401)
    const keyOnCode = await p.app.inject({
      method: 'POST',
      url: '/api/refunds/verification-code/',
      headers: apiKeyHeaders(m.productionKey),
    })
    expect(keyOnCode.statusCode).toBe(401)
    expect(keyOnCode.json().code).toBe('wrong_credentials_type')
    for (const role of ['developer', 'viewer'] as const) {
      expect((await dash.as(role).post('/api/refunds/verification-code/', {})).statusCode).toBe(403)
      expect(
        (await refund(tokens[role], { transaction_id: txId, reason: 'x', verification_code: '123456' })).json().code,
      ).toBe('permission_denied')
    }
    const otherCode = await codeFor(otherToken)
    const foreign = await refund(otherToken, { transaction_id: txId, reason: 'x', verification_code: otherCode })
    expect(foreign.statusCode).toBe(404)
  })
})
