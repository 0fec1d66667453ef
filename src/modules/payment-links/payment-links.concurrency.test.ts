import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { login, tokenHeaders } from '../../../test/support/dashboard.ts'
import { CARDS, card, postCheckout, tokenOf } from '../../../test/support/checkout.ts'
import { isPostgres } from '../../../test/support/database.ts'

// max_uses under real concurrency: only PostgreSQL runs the requests in parallel (PGlite has one connection).
describe.runIf(isPostgres)('payment link max_uses under concurrent buyers', () => {
  let p: TestPlatform
  let m: Merchant
  let token: string
  beforeAll(async () => {
    p = await createTestPlatform()
    m = await createMerchantFixture(p.ctx)
    token = await login(p.app, m.email, m.password)
  })
  afterAll(() => p.close())

  const buyer = {
    billing_country: 'US',
    billing_postal_code: '94103',
    billing_first_name: 'Ada',
    billing_last_name: 'Lovelace',
    billing_email: 'ada@example.com',
  }

  async function linkWithSessions(maxUses: number, buyers: number) {
    const link = (
      await p.app.inject({
        method: 'POST',
        url: '/api/payment-links/',
        headers: tokenHeaders(token),
        payload: { name: 'Drop', products: [{ product_id: m.productId }], max_uses: maxUses },
      })
    ).json()
    const sessions = await Promise.all(
      Array.from({ length: buyers }, async () => {
        const res = await p.app.inject({
          method: 'POST',
          url: `/api/payment-links/${link.id}/checkout/`,
          payload: buyer,
        })
        expect(res.statusCode, res.body).toBe(201)
        return res.json() as { checkout_url: string; transaction_id: string }
      }),
    )
    return { link, sessions }
  }

  const paidThrough = async (linkId: number) =>
    Number(
      (
        await p.ctx.db
          .selectFrom('transactions as t')
          .innerJoin('checkout_sessions as s', 's.id', 't.checkout_session_id')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('s.payment_link_id', '=', linkId)
          .where('t.paid_at', 'is not', null)
          .executeTakeFirstOrThrow()
      ).n,
    )

  test('20 buyers paying at once with 4242 on a link with max_uses 3 → exactly 3 paid', async () => {
    const { link, sessions } = await linkWithSessions(3, 20)
    const answers = await Promise.all(
      sessions.map((s) => postCheckout(p.app, 'pay', { token: tokenOf(s.checkout_url), card: card(CARDS.success) })),
    )
    const succeeded = answers.filter((a) => a.statusCode === 200 && a.json().result === 'succeeded')
    expect(succeeded).toHaveLength(3)
    for (const refused of answers.filter((a) => a.statusCode !== 200)) {
      expect([409, 410]).toContain(refused.statusCode)
      expect(['payment_link_busy', 'payment_link_used_up']).toContain(refused.json().code)
    }
    // The losers retry until the link is used up: still 3.
    const retries = await Promise.all(
      sessions.map((s) => postCheckout(p.app, 'pay', { token: tokenOf(s.checkout_url), card: card(CARDS.success) })),
    )
    expect(retries.filter((a) => a.statusCode === 200)).toHaveLength(0)
    const row = await p.ctx.db
      .selectFrom('payment_links')
      .select(['id', 'paid_count'])
      .where('uuid', '=', link.id)
      .executeTakeFirstOrThrow()
    expect(row.paid_count).toBe(3)
    expect(await paidThrough(row.id)).toBe(3)
    const detail = (await p.app.inject({ url: `/api/payment-links/${link.id}/`, headers: tokenHeaders(token) })).json()
    expect(detail).toMatchObject({ paid_count: 3, revenue: '75.00', status: 'used_up' })
    expect(
      (await p.app.inject({ url: `/api/payment-links/${link.id}/payments/`, headers: tokenHeaders(token) })).json(),
    ).toHaveLength(3)
  })

  test('mixed declines and successes: a declined buyer frees the use for the next one', async () => {
    const { link, sessions } = await linkWithSessions(2, 8)
    const cards = sessions.map((_, i) => (i % 2 === 0 ? CARDS.declined : CARDS.success))
    await Promise.all(
      sessions.map((s, i) => postCheckout(p.app, 'pay', { token: tokenOf(s.checkout_url), card: card(cards[i]) })),
    )
    // Everyone who has not paid tries again with a good card, concurrently, twice.
    for (let round = 0; round < 2; round++) {
      await Promise.all(
        sessions.map((s) => postCheckout(p.app, 'pay', { token: tokenOf(s.checkout_url), card: card(CARDS.success) })),
      )
    }
    const row = await p.ctx.db
      .selectFrom('payment_links')
      .select(['id', 'paid_count'])
      .where('uuid', '=', link.id)
      .executeTakeFirstOrThrow()
    expect(row.paid_count).toBe(2)
    expect(await paidThrough(row.id)).toBe(2)
  })

  test('20 buyers each opening a session and paying at once (sessions created while others pay) → exactly 3 paid', async () => {
    const link = (
      await p.app.inject({
        method: 'POST',
        url: '/api/payment-links/',
        headers: tokenHeaders(token),
        payload: { name: 'Drop 2', products: [{ product_id: m.productId }], max_uses: 3 },
      })
    ).json()
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const session = await p.app.inject({
          method: 'POST',
          url: `/api/payment-links/${link.id}/checkout/`,
          payload: buyer,
        })
        if (session.statusCode !== 201) return session.statusCode
        return (
          await postCheckout(p.app, 'pay', { token: tokenOf(session.json().checkout_url), card: card(CARDS.success) })
        ).statusCode
      }),
    )
    expect(outcomes.filter((s) => s === 200)).toHaveLength(3)
    expect(outcomes.every((s) => [200, 409, 410].includes(s))).toBe(true)
    const row = await p.ctx.db
      .selectFrom('payment_links')
      .select(['id', 'paid_count'])
      .where('uuid', '=', link.id)
      .executeTakeFirstOrThrow()
    expect(row.paid_count).toBe(3)
    expect(await paidThrough(row.id)).toBe(3)
  })
})
