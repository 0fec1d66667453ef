import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { goTo, openPage, signIn } from '../support/dashboard-browser.ts'
import { login, tokenHeaders } from '../support/dashboard.ts'
import { payPayment } from '../support/payments.ts'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { startSmtpServer } from '../support/smtp.ts'
import { ensureDashboardBuilt } from '../../src/modules/dashboard-app/dashboard-build.ts'

// Refunding from the dashboard, as a merchant: the emailed code is read from a real SMTP server.

let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let p: TestPlatform & { baseUrl: string }
let m: Merchant
let browser: Browser | undefined
let settled: string
let unsettled: string

beforeAll(async () => {
  await ensureDashboardBuilt()
  smtp = await startSmtpServer()
  p = await startListeningPlatform({ SMTP_URL: smtp.url })
  m = await createMerchantFixture(p.ctx)
  // 75.00 USD settled (the wallet holds it, less fees); 100.00 USD paid but not settled.
  const a = await createCheckoutViaApi(
    p.app,
    m.sandboxKey,
    checkoutBody(m.productId, { products: [{ id: m.productId, quantity: 3 }] }),
  )
  await payPayment(p.ctx, a.transaction_id, { settled: true })
  settled = a.transaction_id
  const b = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.usdOnlyProductId))
  await payPayment(p.ctx, b.transaction_id)
  unsettled = b.transaction_id
  if (hasChromium) browser = await launchChromium()
}, 240_000)
afterAll(async () => {
  await browser?.close()
  await p?.close()
  await smtp?.close()
})

test('GET /api/organization/refunds/ lists the environment’s refunds with X-Total-Count; API keys are refused', async () => {
  const token = await login(p.app, m.email, m.password)
  const res = await p.app.inject({
    url: '/api/organization/refunds/?environment=production',
    headers: tokenHeaders(token),
  })
  expect([res.statusCode, res.json(), res.headers['x-total-count']]).toEqual([200, [], '0'])
  const key = await p.app.inject({
    url: '/api/organization/refunds/',
    headers: { authorization: `Api-Key ${m.sandboxKey}` },
  })
  expect([key.statusCode, key.json().code]).toEqual([401, 'wrong_credentials_type'])
  const missing = await p.app.inject({ url: '/api/organization/refunds/RFnope/', headers: tokenHeaders(token) })
  expect(missing.statusCode).toBe(404)
})

describe.skipIf(!hasChromium)('refunds in Chromium', () => {
  test('refund part of a payment with the emailed code; refusals explained; the Refunds page finds it', async () => {
    const { page, problems } = await openPage(browser!)
    await signIn(page, p.baseUrl, m.email, m.password, `/dashboard/payments/${settled}`)
    await page.getByRole('heading', { name: 'Amounts' }).waitFor()
    await page.getByRole('button', { name: 'Refund', exact: true }).click()
    const amount = page.getByLabel('Amount (USD)')
    await expect(amount.inputValue()).resolves.toBe('75.00')

    // More than what remains is refused before any code is sent.
    await amount.fill('80.00')
    await page.getByLabel('Reason').fill('Two shirts returned')
    await page.getByRole('button', { name: 'Email me a code' }).click()
    await expect(page.getByRole('alert').innerText()).resolves.toBe('At most $75.00 is left to refund.')
    expect(smtp.received).toHaveLength(0)

    await amount.fill('50.00')
    await page.getByRole('button', { name: 'Email me a code' }).click()
    await page.getByText(`We emailed a 6-digit code to ${m.email}`).waitFor()
    await expect.poll(() => smtp.received.length).toBe(1)
    const code = smtp.lastCodeFor(m.email)

    // A wrong code says so and how many tries are left; the right one refunds.
    await page.getByLabel('Verification code').fill(code === '000000' ? '111111' : '000000')
    await page.getByRole('button', { name: 'Refund $50.00' }).click()
    await expect(page.getByRole('alert').innerText()).resolves.toBe(
      'The verification code is not right. Wrong verification code; 4 tries left.',
    )
    await page.getByLabel('Verification code').fill(code)
    await page.getByRole('button', { name: 'Refund $50.00' }).click()
    const done = page.getByRole('status').filter({ hasText: 'is processing' })
    await done.waitFor()
    const refundId = (await done.getByRole('link').innerText()).trim()
    expect(refundId).toMatch(/^RF/)
    await page.getByRole('region', { name: 'Refunds' }).getByText('$50.00').waitFor()

    // The server agrees: one refund of 50.00 on this payment, with the reason typed.
    const token = await login(p.app, m.email, m.password)
    const listed = await p.app.inject({
      url: `/api/organization/refunds/?search=${settled}`,
      headers: tokenHeaders(token),
    })
    expect(listed.json()).toMatchObject([
      { id: refundId, amount: '50.00', reason: 'Two shirts returned', transaction_id: settled },
    ])

    // A refusal from the server (the wallet does not hold the unsettled 100.00) sends the merchant back with the reason.
    await page.goto(`${p.baseUrl}/dashboard/payments/${unsettled}`)
    await page.getByRole('button', { name: 'Refund', exact: true }).click()
    await page.getByLabel('Reason').fill('Customer changed their mind')
    await page.getByRole('button', { name: 'Email me a code' }).click()
    await expect.poll(() => smtp.received.length).toBe(2)
    await page.getByLabel('Verification code').fill(smtp.lastCodeFor(m.email))
    await page.getByRole('button', { name: 'Refund $100.00' }).click()
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(
      /^Your balance does not cover this refund\. The wallet's available balance of [\d.]+ USD does not cover/,
    )
    await expect(page.getByLabel('Amount (USD)').inputValue()).resolves.toBe('100.00')

    // The Refunds page: search by payment, filter by status, open the detail.
    await goTo(page, 'Refunds')
    const row = page.getByRole('row').filter({ hasText: refundId })
    await row.waitFor()
    await page.getByLabel('Status').selectOption('failed')
    await page.getByText('No sandbox refunds match.').waitFor()
    await page.getByLabel('Status').selectOption('')
    await page.getByRole('main').getByLabel('Search').fill(unsettled)
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByText('No sandbox refunds match.').waitFor()
    await page.getByRole('main').getByLabel('Search').fill(settled)
    await page.getByRole('button', { name: 'Search' }).click()
    await row.getByRole('link', { name: refundId }).click()
    await page.getByRole('heading', { level: 1, name: `Refund ${refundId}` }).waitFor()
    // The heading renders before the data arrives, so wait for the text.
    await expect.poll(() => page.getByRole('main').innerText()).toContain('Two shirts returned')

    expect(problems).toEqual(['400 POST /api/refunds/', '400 POST /api/refunds/'])
    await page.close()
  })
})
