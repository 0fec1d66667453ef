import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { login, tokenHeaders } from '../../../test/support/dashboard.ts'
import { FAKE_PROVIDER_ENV, payPayment } from '../../../test/support/payments.ts'
import { isPostgres } from '../../../test/support/database.ts'

// One code, many concurrent requests: single use and the 5-try limit hold under PostgreSQL concurrency.
describe.runIf(isPostgres)('refund verification codes under concurrency', () => {
  let p: TestPlatform
  let m: Merchant
  let token: string
  beforeAll(async () => {
    p = await createTestPlatform({ env: FAKE_PROVIDER_ENV })
    m = await createMerchantFixture(p.ctx)
    token = await login(p.app, m.email, m.password)
  })
  afterAll(() => p.close())

  async function paid() {
    const c = await createCheckoutViaApi(p.app, m.productionKey, checkoutBody(m.usdOnlyProductId))
    await payPayment(p.ctx, c.transaction_id, { settled: true })
    return c.transaction_id
  }
  async function code() {
    await p.app.inject({ method: 'POST', url: '/api/refunds/verification-code/', headers: tokenHeaders(token) })
    const mail = await p.ctx.db
      .selectFrom('email_outbox')
      .select('body_text')
      .where('to_address', '=', m.email)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    return /\b(\d{6})\b/.exec(mail.body_text)![1]
  }
  const refund = (txId: string, verificationCode: string) =>
    p.app.inject({
      method: 'POST',
      url: '/api/refunds/',
      headers: tokenHeaders(token),
      payload: { transaction_id: txId, reason: 'race', amount: '1.00', verification_code: verificationCode },
    })

  test('10 concurrent refunds with one code → exactly one refund', async () => {
    const txId = await paid()
    await paid()
    const shared = await code()
    const answers = await Promise.all(Array.from({ length: 10 }, () => refund(txId, shared)))
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1)
    expect(
      answers.filter((a) => a.statusCode === 400).every((a) => a.json().code === 'verification_code_invalid'),
    ).toBe(true)
    const refunds = await p.ctx.db
      .selectFrom('refunds')
      .select('id')
      .where('transaction_public_id', '=', txId)
      .execute()
    expect(refunds).toHaveLength(1)
  })
  test('20 concurrent wrong codes spend at most 5 tries; the code is dead afterwards', async () => {
    const txId = await paid()
    const right = await code()
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0')
    const answers = await Promise.all(Array.from({ length: 20 }, () => refund(txId, wrong)))
    expect(answers.every((a) => a.statusCode === 400)).toBe(true)
    const row = await p.ctx.db
      .selectFrom('refund_verification_codes')
      .select(['attempts', 'used_at'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(row.attempts).toBe(5)
    expect((await refund(txId, right)).json().code).toBe('verification_code_attempts_exceeded')
  })
})
