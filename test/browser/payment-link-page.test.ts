import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { createMerchantFixture, type Merchant, type TestPlatform } from '../support/platform.ts'
import { login, tokenHeaders } from '../support/dashboard.ts'
import { CARDS } from '../support/checkout.ts'

// A buyer in Chromium: the shareable page /l/{uuid}, its billing form, the hosted checkout, 4242.

let p: TestPlatform & { baseUrl: string }
let m: Merchant
let browser: Browser
let token: string

beforeAll(async () => {
  if (!hasChromium) return
  p = await startListeningPlatform()
  m = await createMerchantFixture(p.ctx)
  token = await login(p.app, m.email, m.password)
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await p?.close()
})

async function newLink(body: Record<string, unknown> = {}) {
  const res = await p.app.inject({
    method: 'POST',
    url: '/api/payment-links/',
    headers: tokenHeaders(token),
    payload: { name: 'Spring sale', products: [{ product_id: m.productId, quantity: 2 }], ...body },
  })
  return res.json()
}

describe.runIf(hasChromium)('payment link page in a browser', () => {
  test('page → billing form → hosted checkout → paid with 4242; no CSP violation; the used-up link then says so', async () => {
    const link = await newLink({ max_uses: 1 })
    const page = await browser.newPage()
    const violations: string[] = []
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text())
    })
    await page.goto(link.url)
    await expect(page.getByText(`Shop ${m.email}`).first().isVisible()).resolves.toBe(true)
    await expect(page.getByText('T-shirt').isVisible()).resolves.toBe(true)
    await page.getByLabel('First name').fill('Ada')
    await page.getByLabel('Last name').fill('Lovelace')
    await page.getByLabel('Email').fill('ada@example.com')
    await page.getByLabel('Country').selectOption('US')
    await page.getByLabel('Postal code').fill('94103')
    await page.getByRole('button', { name: 'Continue to payment' }).click()
    await page.waitForURL(/\/checkout\//)
    await page.getByLabel('Card number').fill(CARDS.success)
    await page.getByLabel('Expiry date').fill('12 / 34')
    await page.getByLabel('CVC').fill('123')
    await page.getByLabel('Name on card').fill('Ada Lovelace')
    await page.getByRole('button', { name: /^Pay / }).click()
    await page.getByRole('heading', { name: 'Payment successful' }).waitFor()
    expect(violations).toEqual([])
    const detail = (await p.app.inject({ url: `/api/payment-links/${link.id}/`, headers: tokenHeaders(token) })).json()
    expect(detail).toMatchObject({ paid_count: 1, revenue: '50.00', status: 'used_up' })
    const again = await page.goto(link.url)
    expect(again?.status()).toBe(410)
    await expect(
      page.getByRole('heading', { name: 'This payment link is no longer available' }).isVisible(),
    ).resolves.toBe(true)
    await page.close()
  })

  test('a missing field is reported on the re-rendered form, values kept', async () => {
    const link = await newLink()
    const page = await browser.newPage()
    await page.goto(link.url)
    await page.getByLabel('First name').fill('Ada')
    await page.getByLabel('Last name').fill('Lovelace')
    await page.getByLabel('Email').fill('ada@example.com')
    await page.getByLabel('Country').selectOption('US')
    // No postal code: the browser lets it through (optional elsewhere), the server asks for it for US.
    await page.getByRole('button', { name: 'Continue to payment' }).click()
    await page.getByText('required when billing_country is US').waitFor()
    expect(await page.getByLabel('First name').inputValue()).toBe('Ada')
    await page.close()
  })
})
