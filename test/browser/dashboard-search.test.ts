import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { openPage, scrollWidth, seriousViolations, signIn } from '../support/dashboard-browser.ts'
import { login, tokenHeaders } from '../support/dashboard.ts'
import { payPayment } from '../support/payments.ts'
import {
  apiKeyHeaders,
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { ensureDashboardBuilt } from '../../src/modules/dashboard-app/dashboard-build.ts'

// The header's search box finds payments (id, email, order), refunds, customers and subscriptions.

let p: TestPlatform & { baseUrl: string }
let m: Merchant
let browser: Browser | undefined
let payment: { transaction_id: string; order_id: string }
let refundId: string
let subscription: { id: string; customer: { id: string } }

beforeAll(async () => {
  await ensureDashboardBuilt()
  p = await startListeningPlatform()
  m = await createMerchantFixture(p.ctx)
  payment = await createCheckoutViaApi(
    p.app,
    m.sandboxKey,
    checkoutBody(m.productId, { billing_email: 'searchable.buyer@example.com' }),
  )
  await payPayment(p.ctx, payment.transaction_id, { settled: true })
  const refund = await p.app.inject({
    method: 'POST',
    url: `/api/transactions/${payment.transaction_id}/refund/`,
    headers: apiKeyHeaders(m.sandboxKey),
    payload: { amount: '1.00', reason: 'Search test' },
  })
  expect(refund.statusCode, refund.body).toBeLessThan(300)
  refundId = refund.json().refund_public_id
  expect(refundId).toMatch(/^RF/)
  const token = await login(p.app, m.email, m.password)
  const product = await p.app.inject({
    method: 'POST',
    url: '/api/products/',
    headers: tokenHeaders(token),
    payload: { name: 'Monthly box', prices: [{ currency: 'USD', amount: '9.00', recurring_interval: 'month' }] },
  })
  const sub = await p.app.inject({
    method: 'POST',
    url: '/api/subscriptions/',
    headers: tokenHeaders(token),
    payload: {
      product_id: product.json().id,
      currency: 'USD',
      customer: { email: 'subscriber@example.com', first_name: 'Sue', last_name: 'Scribe', country: 'FR' },
    },
  })
  expect(sub.statusCode, sub.body).toBe(201)
  subscription = sub.json()
  if (hasChromium) browser = await launchChromium()
}, 240_000)
afterAll(async () => {
  await browser?.close()
  await p?.close()
})

describe.skipIf(!hasChromium)('global search in Chromium', () => {
  test('grouped results for a payment id, an email, an order, a customer and a subscription, each linking to its page', async () => {
    const { page, problems } = await openPage(browser!)
    await signIn(page, p.baseUrl, m.email, m.password)
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor()
    const box = page.getByRole('searchbox', { name: 'Search' })
    const results = page.getByRole('region', { name: 'Search results' })
    const group = (name: string) => results.getByRole('group', { name })

    // A payment id finds the payment and its refund.
    await box.fill(payment.transaction_id)
    await group('Payments')
      .getByRole('link', { name: new RegExp(payment.transaction_id) })
      .waitFor()
    await group('Refunds')
      .getByRole('link', { name: new RegExp(refundId) })
      .waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await group('Refunds').getByRole('link').first().click()
    await page.getByRole('heading', { level: 1, name: `Refund ${refundId}` }).waitFor()
    expect(await results.count()).toBe(0)

    // Part of the payer's email, and the order id.
    await box.fill('searchable.buyer')
    await group('Payments')
      .getByRole('link', { name: new RegExp(payment.transaction_id) })
      .waitFor()
    expect(await group('Customers').count()).toBe(0)
    await box.fill(payment.order_id)
    await group('Payments')
      .getByRole('link', { name: new RegExp(payment.transaction_id) })
      .click()
    await page.getByRole('heading', { level: 1, name: `Payment ${payment.transaction_id}` }).waitFor()

    // A customer's email finds the customer and their subscriptions; the id finds the subscription.
    await box.fill('subscriber@example.com')
    await group('Customers')
      .getByRole('link', { name: /subscriber@example\.com/ })
      .waitFor()
    await group('Subscriptions')
      .getByRole('link', { name: new RegExp(subscription.id) })
      .waitFor()
    await group('Customers').getByRole('link').click()
    await page.getByRole('heading', { level: 1, name: 'subscriber@example.com' }).waitFor()
    await box.fill(subscription.id)
    await group('Subscriptions')
      .getByRole('link', { name: new RegExp(subscription.id) })
      .click()
    await page.getByRole('heading', { level: 1, name: `Subscription ${subscription.id}` }).waitFor()

    // Nothing found says so; Escape closes the results.
    await box.fill('no-such-thing-anywhere')
    await results.getByText('Nothing matches “no-such-thing-anywhere”.').waitFor()
    await box.press('Escape')
    await results.waitFor({ state: 'detached' })
    // A subscription id that does not exist is a 404 the search reads as "no subscription".
    await box.fill('sub_doesnotexist')
    await results.getByText('Nothing matches “sub_doesnotexist”.').waitFor()
    expect(problems).toEqual(['404 GET /api/subscriptions/sub_doesnotexist/'])
    await page.close()
  })

  test('at 360 px the search box takes its own row and the results fit', async () => {
    const { page } = await openPage(browser!, { width: 360, height: 800 })
    await signIn(page, p.baseUrl, m.email, m.password)
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor()
    await page.getByRole('searchbox', { name: 'Search' }).fill(payment.transaction_id)
    await page.getByRole('group', { name: 'Payments' }).getByRole('link').waitFor()
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360)
    await page.close()
  })
})
