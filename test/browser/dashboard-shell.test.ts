import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { goTo, openPage, signIn } from '../support/dashboard-browser.ts'
import { payPayment } from '../support/payments.ts'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { ensureDashboardBuilt } from '../../src/modules/dashboard-app/dashboard-build.ts'

// The app's frame: the site root, unknown pages, and the loading / empty / error states of the
// data layer, driven in Chromium by labels and roles.

let p: TestPlatform & { baseUrl: string }
let m: Merchant
let browser: Browser | undefined

beforeAll(async () => {
  await ensureDashboardBuilt()
  p = await startListeningPlatform()
  m = await createMerchantFixture(p.ctx)
  if (hasChromium) browser = await launchChromium()
}, 240_000)

async function paidPayment(): Promise<string> {
  const c = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
  await payPayment(p.ctx, c.transaction_id, { settled: true })
  return c.transaction_id
}
afterAll(async () => {
  await browser?.close()
  await p?.close()
})

test('GET / redirects to the dashboard', async () => {
  const res = await p.app.inject({ url: '/' })
  expect([res.statusCode, res.headers.location]).toEqual([302, '/dashboard/'])
})

describe.skipIf(!hasChromium)('the app frame in Chromium', () => {
  test('an unknown page says so; a missing payment shows the error with a retry; an empty list says it is empty', async () => {
    const { page, problems } = await openPage(browser!)
    await page.goto(p.baseUrl)
    expect(new URL(page.url()).pathname).toBe('/dashboard/')
    await signIn(page, p.baseUrl, m.email, m.password, '/dashboard/no/such/page')
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor()
    // Sandbox is the default environment, and the banner says so.
    await page.getByRole('note').filter({ hasText: 'Test mode' }).waitFor()
    await page.getByRole('link', { name: 'Go to the overview' }).click()
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor()

    await page.goto(`${p.baseUrl}/dashboard/payments/TXnothere`)
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.innerText()).toMatch(/not found/i)
    await alert.getByRole('button', { name: 'Try again' }).click()
    await expect.poll(() => problems.filter((x) => x === '404 GET /api/payments/TXnothere/').length).toBe(2)

    await page.getByRole('link', { name: 'Payments', exact: true }).click()
    await page.getByText('No sandbox payments match.').waitFor()
    // The environment switch is remembered and every page follows it.
    await page.getByLabel('Environment', { exact: true }).selectOption('production')
    await page.getByText('No production payments match.').waitFor()
    await expect(page.getByRole('note').filter({ hasText: 'Test mode' }).count()).resolves.toBe(0)
    await page.reload()
    await page.getByText('No production payments match.').waitFor()
    expect(problems).toEqual(['404 GET /api/payments/TXnothere/', '404 GET /api/payments/TXnothere/'])
    await page.close()
  })

  test('the demo without SMTP: the refund code is read from the Outbox page', async () => {
    const payment = await paidPayment()
    const refunding = await openPage(browser!)
    await signIn(refunding.page, p.baseUrl, m.email, m.password, `/dashboard/payments/${payment}`)
    await refunding.page.getByRole('button', { name: 'Refund', exact: true }).click()
    // The wallet holds the 23.97 net of fees: refund within it.
    await refunding.page.getByLabel('Amount (USD)').fill('20.00')
    await refunding.page.getByLabel('Reason').fill('Demo refund')
    await refunding.page.getByRole('button', { name: 'Email me a code' }).click()
    await refunding.page.getByLabel('Verification code').waitFor()

    const reading = await openPage(browser!)
    await signIn(reading.page, p.baseUrl, m.email, m.password)
    await goTo(reading.page, 'Outbox')
    await reading.page.getByText('No SMTP server is configured').waitFor()
    const mail = reading.page.getByRole('article', { name: 'Kassa refund verification code' })
    const code = (await mail.innerText()).match(/code is (\d{6})/)?.[1]
    expect(code).toMatch(/^\d{6}$/)

    await refunding.page.getByLabel('Verification code').fill(code!)
    await refunding.page.getByRole('button', { name: 'Refund $20.00' }).click()
    await refunding.page.getByRole('status').filter({ hasText: 'is processing' }).waitFor()
    expect([...refunding.problems, ...reading.problems]).toEqual([])
    await refunding.page.close()
    await reading.page.close()
  })

  test('overview charts: volume, payments and success rate for 7/30 days and a custom range; incomplete checkouts left out', async () => {
    const shop = await createMerchantFixture(p.ctx)
    for (const quantity of [1, 3]) {
      const c = await createCheckoutViaApi(
        p.app,
        shop.sandboxKey,
        checkoutBody(shop.productId, { products: [{ id: shop.productId, quantity }] }),
      )
      await payPayment(p.ctx, c.transaction_id, { settled: true })
    }
    await createCheckoutViaApi(p.app, shop.sandboxKey, checkoutBody(shop.usdOnlyProductId)) // never attempted
    const { page, problems } = await openPage(browser!)
    await signIn(page, p.baseUrl, shop.email, shop.password)
    const charts = page.getByRole('region', { name: 'Performance' })
    await charts.getByRole('img', { name: 'Gross volume per day: $100.00 in 30 days' }).waitFor()
    const text = await charts.innerText()
    for (const shown of [
      'Gross volume (USD)\n$100.00',
      'Payments\n2',
      'Success rate\n100.0 %',
      '1 incomplete checkout (never attempted) not counted.',
    ])
      expect(text).toContain(shown)
    await charts.getByRole('img', { name: 'Payments per day: 2 payments, 2 succeeded' }).waitFor()
    await page.getByLabel('Period').selectOption('7')
    await charts.getByRole('img', { name: 'Gross volume per day: $100.00 in 7 days' }).waitFor()
    await page.getByLabel('Period').selectOption('custom')
    const today = new Date().toISOString().slice(0, 10)
    await page.getByLabel('From', { exact: true }).fill(today)
    await charts.getByRole('img', { name: 'Gross volume per day: $100.00 in 1 day' }).waitFor()
    await page.getByLabel('Environment', { exact: true }).selectOption('production')
    await charts.getByText('No production payments in this period.').waitFor()
    expect(problems).toEqual([])
    await page.close()
  })
})
