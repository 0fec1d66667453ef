import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { login, tokenHeaders } from '../../../test/support/dashboard.ts'
import { payPayment } from '../../../test/support/payments.ts'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { csvField, exportPaymentsCsv } from './payments-export.service.ts'

let p: TestPlatform
let m: Merchant
let token: string
const ids: string[] = []

beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  token = await login(p.app, m.email, m.password)
  // 23 payments in two currencies, some paid (the keyset batches are exercised with a batch of 4 below).
  for (let i = 0; i < 23; i++) {
    const c = await createCheckoutViaApi(
      p.app,
      m.sandboxKey,
      checkoutBody(m.productId, { currency: i % 3 === 0 ? 'EUR' : 'USD', billing_email: `=buyer${i}@example.com` }),
    )
    if (i % 4 === 0) await payPayment(p.ctx, c.transaction_id)
    ids.push(c.transaction_id)
  }
}, 120_000) // 23 checkouts: seconds when quiet, longer on the loaded machine
afterAll(() => p?.close())

const lines = (body: string) => body.trimEnd().split('\r\n')

describe('GET /api/payments/export.csv', () => {
  test('every matching payment once, in the list order, with the list filters', async () => {
    const res = await p.app.inject({ url: '/api/payments/export.csv?currency=USD', headers: tokenHeaders(token) })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="payments-sandbox-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    const [header, ...rows] = lines(res.body)
    expect(header).toBe(
      'id,created_at,status,label,currency,gross_amount,tax_amount,fee_amount,net_amount,amount_refunded,payer_email,order_id,paid_at',
    )
    const usd = ids.filter((_, i) => i % 3 !== 0)
    expect(rows).toHaveLength(usd.length)
    expect(rows.map((r) => r.split(',')[0])).toEqual([...usd].reverse())
    expect(new Set(rows.map((r) => r.split(',')[4]))).toEqual(new Set(['USD']))
    // Never-attempted checkouts carry the dashboard's label; the API status stays processing.
    const unpaid = rows.find((r) => r.startsWith(`${ids[1]},`))!.split(',')
    expect(unpaid.slice(2, 4)).toEqual(['processing', 'incomplete'])
    expect(unpaid[10]).toBe("'=buyer1@example.com")
    const paid = await p.app.inject({
      url: '/api/payments/export.csv?status=paid&currency=EUR&ordering=created_at',
      headers: tokenHeaders(token),
    })
    const eurPaid = ids.filter((_, i) => i % 3 === 0 && i % 4 === 0)
    expect(
      lines(paid.body)
        .slice(1)
        .map((r) => r.split(',')[0]),
    ).toEqual(eurPaid)
    expect(
      (await p.app.inject({ url: '/api/payments/export.csv?environment=production', headers: tokenHeaders(token) }))
        .body,
    ).toBe(`${header}\r\n`)
  })

  test('read in keyset batches, the export is the same, for amounts with ties too', async () => {
    for (const ordering of ['-created_at', 'amount'] as const) {
      const route = await p.app.inject({
        url: `/api/payments/export.csv?ordering=${ordering}`,
        headers: tokenHeaders(token),
      })
      let batched = ''
      const scope = { organizationId: m.organizationId, environment: 'sandbox' as const }
      for await (const chunk of exportPaymentsCsv(p.ctx, scope, { ordering }, 4)) batched += chunk
      expect(batched).toBe(route.body)
      expect(lines(batched)).toHaveLength(24)
    }
  })

  test('bad filters are a 400 naming the field; API keys are refused', async () => {
    const bad = await p.app.inject({
      url: '/api/payments/export.csv?created_at__gte=yesterday',
      headers: tokenHeaders(token),
    })
    expect([bad.statusCode, Object.keys(bad.json().errors)]).toEqual([400, ['created_at__gte']])
    const key = await p.app.inject({
      url: '/api/payments/export.csv',
      headers: { authorization: `Api-Key ${m.sandboxKey}` },
    })
    expect(key.statusCode).toBe(401)
  })

  test('csvField quotes separators and quotes, and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('+1 555')).toBe("'+1 555")
    expect(csvField('-2')).toBe("'-2")
  })
})
