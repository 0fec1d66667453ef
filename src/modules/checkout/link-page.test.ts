import { afterAll, describe, expect, test } from 'vitest'

// The public page of a payment link, /l/{uuid}: server-rendered, no script; its form starts the checkout.
import { createTestPlatform } from '../../../test/support/platform.ts'
import { dashboardFixture, type Who } from '../../../test/support/dashboard.ts'

const p = await createTestPlatform()
const dash = await dashboardFixture(p)
const m = dash.merchant
afterAll(() => p.close())

const buyer = {
  billing_country: 'US',
  billing_postal_code: '94103',
  billing_first_name: 'Ada',
  billing_last_name: 'Lovelace',
  billing_email: 'ada@example.com',
}

async function newLink(body: Record<string, unknown> = {}, who: Who = 'owner') {
  const res = await dash.as(who).post('/api/payment-links/', {
    name: 'Spring sale',
    products: [{ product_id: m.productId, quantity: 2 }],
    ...body,
  })
  if (res.statusCode !== 201) throw new Error(`create link failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

describe('the public page /l/{uuid}', () => {
  test('server-rendered, strict CSP, no script; shows merchant, products, total, currency and a billing form', async () => {
    const link = await newLink()
    const page = await p.app.inject({ url: `/l/${link.id}` })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    expect(page.headers['content-security-policy']).toContain("default-src 'none'")
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.body).not.toMatch(/<script/i)
    expect(page.body).not.toMatch(/\sstyle=|\son[a-z]+=/i)
    expect(page.body).not.toMatch(/(?:src|href)="https?:/)
    expect(page.body).toContain(`Shop ${m.email}`)
    expect(page.body).toContain('T-shirt')
    expect(page.body).toContain('$50.00')
    expect(page.body).toContain('USD')
    expect(page.body).toMatch(new RegExp(`<form[^>]+method="post" action="/l/${link.id}"`))
    for (const name of [
      'billing_first_name',
      'billing_last_name',
      'billing_email',
      'billing_country',
      'billing_postal_code',
    ])
      expect(page.body).toContain(`name="${name}"`)
  })

  test('the form creates the session and redirects (303) to the hosted checkout; errors re-render the form', async () => {
    const link = await newLink()
    const form = (fields: Record<string, string>) =>
      p.app.inject({
        method: 'POST',
        url: `/l/${link.id}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      })
    const ok = await form(buyer)
    expect(ok.statusCode).toBe(303)
    const target = new URL(ok.headers.location as string)
    expect(target.pathname).toMatch(/^\/checkout\//)
    const checkoutPage = await p.app.inject({ url: target.pathname })
    expect(checkoutPage.statusCode).toBe(200)
    expect(checkoutPage.body).toContain('$50.00')
    const bad = await form({ ...buyer, billing_email: 'nope', billing_postal_code: '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter a valid email address.')
    expect(bad.body).toContain('value="Ada"')
    const noZip = await form({ ...buyer, billing_postal_code: '' })
    expect(noZip.statusCode).toBe(400)
    expect(noZip.body).toContain('required when billing_country is US')
    expect((await p.app.inject({ url: '/l/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404)
  })
})
