import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { goTo, openPage, scrollWidth, seriousViolations, signIn } from '../support/dashboard-browser.ts'
import { login, tokenHeaders } from '../support/dashboard.ts'
import { createMerchantFixture, type Merchant, type TestPlatform } from '../support/platform.ts'
import { ensureDashboardBuilt } from '../../src/modules/dashboard-app/dashboard-build.ts'

// Subscriptions and customers in the dashboard, as a merchant: create and copy the checkout link,
// plan change with its preview, manual charge, test clock, pause/resume/cancel, the customer pages.

let p: TestPlatform & { baseUrl: string }
let m: Merchant
let browser: Browser | undefined
let token: string
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies read by the test
const api = async (method: 'GET' | 'POST', url: string, payload?: unknown): Promise<any> => {
  const res = await p.app.inject({ method, url, headers: tokenHeaders(token), ...(payload ? { payload } : {}) })
  expect(res.statusCode, res.body).toBeLessThan(300)
  return res.json()
}

beforeAll(async () => {
  await ensureDashboardBuilt()
  p = await startListeningPlatform()
  m = await createMerchantFixture(p.ctx)
  token = await login(p.app, m.email, m.password)
  for (const [name, amount] of [
    ['Basic', '10.00'],
    ['Pro', '30.00'],
  ])
    await api('POST', '/api/products/', { name, prices: [{ currency: 'USD', amount, recurring_interval: 'month' }] })
  if (hasChromium) browser = await launchChromium()
}, 240_000)
afterAll(async () => {
  await browser?.close()
  await p?.close()
})

/** The customer pays the first charge on the billing page the checkout link opens. */
async function payOnBillingPage(checkoutUrl: string) {
  const res = await p.app.inject({
    method: 'POST',
    url: `${new URL(checkoutUrl).pathname}/card`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      number: '4242424242424242',
      expiry: '12 / 34',
      cvc: '123',
      name: 'Ada L',
    }).toString(),
  })
  expect(res.statusCode, res.body).toBe(200)
}

const row = (page: Page, region: string, text: string) =>
  page.getByRole('region', { name: region }).getByRole('row').filter({ hasText: text })

async function checkPage(page: Page) {
  expect(await seriousViolations(page)).toEqual([])
}

describe.skipIf(!hasChromium)('subscriptions in Chromium', () => {
  test('create on a test clock, copy the checkout link, change plan as previewed, charge, advance, pause, cancel', async () => {
    const { page, problems } = await openPage(browser!)
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: p.baseUrl })
    page.on('dialog', (d) => void d.accept())
    await signIn(page, p.baseUrl, m.email, m.password)
    await goTo(page, 'Subscriptions')
    await page.getByText('No sandbox subscriptions match.').waitFor()
    await checkPage(page)

    await page.getByRole('link', { name: 'New subscription' }).click()
    await page.getByRole('heading', { level: 1, name: 'New subscription' }).waitFor()
    await page.getByLabel('Product').selectOption({ label: 'Basic' })
    await page.getByLabel('Email').fill('ada@example.com')
    await page.getByLabel('First name').fill('Ada')
    await page.getByLabel('Last name').fill('Lovelace')
    await page.getByLabel('Country').fill('zz')
    await page.getByLabel('Cycle count').fill('12')
    await page.getByRole('button', { name: 'New test clock' }).click()
    await expect.poll(() => page.getByLabel('Test clock').inputValue()).toMatch(/^clock_/)
    // The server's field error shows under its field, the form's alert points there.
    await page.getByRole('button', { name: 'Create subscription' }).click()
    await page.getByText('"ZZ" is not an ISO 3166-1 alpha-2 country code.').waitFor()
    await expect(page.getByLabel('Country').getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(page.getByRole('alert').innerText()).resolves.toBe('Correct the fields marked above.')
    await checkPage(page)
    await page.getByLabel('Country').fill('us')
    await page.getByLabel('Postal code').fill('10001')
    await page.getByRole('button', { name: 'Create subscription' }).click()
    await page.getByRole('heading', { name: 'Checkout link' }).waitFor()
    const link = (await page.getByRole('main').locator('code').innerText()).trim()
    await page.getByRole('button', { name: 'Copy link' }).click()
    await page.getByRole('button', { name: 'Copied' }).waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link)
    const [created] = await api('GET', '/api/subscriptions/?environment=sandbox')
    expect(created).toMatchObject({ status: 'incomplete', billing_url: link, cycle_count: 12, quantity: 1 })
    expect(created.test_clock_id).toMatch(/^clock_/)
    await payOnBillingPage(link)

    await page.getByRole('link', { name: `Open subscription ${created.id}` }).click()
    await page.getByRole('heading', { level: 1, name: `Subscription ${created.id}` }).waitFor()
    const initial = (await api('GET', `/api/subscriptions/${created.id}/`)).charges[0]
    await row(page, 'Charges', initial.id).getByText('initial').waitFor()
    await row(page, 'History', 'created').waitFor()
    await row(page, 'History', 'initial payment succeeded').filter({ hasText: 'Kassa (automatic)' }).waitFor()
    await checkPage(page)

    // Plan change: the preview's "due now" is what the confirmed change charges (no tax in the US).
    await page.getByLabel('New plan').selectOption({ label: 'Pro' })
    await page.getByRole('button', { name: 'Preview change' }).click()
    const preview = page.getByRole('region', { name: 'Preview' })
    await preview.waitFor()
    const due = (await preview.getByRole('strong').innerText()).trim()
    expect(due).toMatch(/^\$\d+\.\d\d$/)
    await page.getByRole('button', { name: 'Confirm change' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: `Plan changed; charged ${due} now` })
      .waitFor()
    const changed = await api('GET', `/api/subscriptions/${created.id}/`)
    expect(changed.plan.name).toBe('Pro')
    const proration = changed.charges.find((c: { kind: string }) => c.kind === 'proration')
    expect(`$${proration.amount}`).toBe(due)
    await row(page, 'Charges', proration.id).waitFor()
    await row(page, 'History', 'plan changed').waitFor()

    // A manual charge sends one Idempotency-Key per submit.
    const keys: string[] = []
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/charges/')) keys.push(r.headers()['idempotency-key'] ?? '')
    })
    await page.getByLabel('Charge amount (USD)').fill('5.00')
    await page.getByLabel('Charge reason').fill('Setup fee')
    await page.getByRole('button', { name: 'Charge now' }).click()
    const charged = page.getByRole('status').filter({ hasText: 'Charged $5.00' })
    await charged.waitFor()
    const manualId = (await charged.getByRole('link').innerText()).trim()
    await page.getByLabel('Charge amount (USD)').fill('2.50')
    await page.getByRole('button', { name: 'Charge now' }).click()
    await page.getByRole('status').filter({ hasText: 'Charged $2.50' }).waitFor()
    expect(keys).toHaveLength(2)
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(keys[1]).not.toBe(keys[0])
    await row(page, 'Charges', manualId).getByText('manual').waitFor()

    // Test clock: advance past the period end; the renewal it ran is listed and in the charges.
    const periodEnd = new Date(changed.current_period_end)
    const target = new Date(periodEnd.getTime() + 86_400_000)
    const local = new Date(target.getTime() - target.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
    await page.getByLabel('Advance to').fill(local)
    await page.getByRole('button', { name: 'Advance clock' }).click()
    const ran = page.getByRole('status', { name: 'What ran' })
    await ran.getByText(/^renewal charge TX\w+: \$30\.00, paid$/).waitFor()
    const renewed = await api('GET', `/api/subscriptions/${created.id}/`)
    const renewal = renewed.charges.find((c: { kind: string }) => c.kind === 'renewal')
    expect(renewal).toMatchObject({ status: 'paid', amount: '30.00' })
    await row(page, 'Charges', renewal.id).waitFor()
    const clock = await api('GET', `/api/test-clocks/${created.test_clock_id}/`)
    expect(Date.parse(clock.frozen_time)).toBe(Math.floor(target.getTime() / 60_000) * 60_000)

    // Pause, resume, cancel at period end, keep, cancel now: each recorded in the history.
    await page.getByRole('button', { name: 'Pause' }).click()
    await page.getByRole('button', { name: 'Resume' }).click()
    await page.getByRole('button', { name: 'Cancel at period end' }).click()
    await page.getByRole('button', { name: 'Keep subscription' }).click()
    await page.getByRole('button', { name: 'Cancel at period end' }).waitFor()
    await page.getByRole('button', { name: 'Cancel now' }).click()
    await page.getByRole('heading', { level: 1 }).locator('..').getByText('canceled').waitFor()
    const reasons = (await api('GET', `/api/subscriptions/${created.id}/history/`)).map(
      (h: { reason: string }) => h.reason,
    )
    expect(reasons.slice(-5)).toEqual(['paused', 'resumed', 'cancel_at_period_end', 'resumed', 'canceled'])
    await row(page, 'History', 'canceled').filter({ hasText: m.email }).first().waitFor()
    expect(await page.getByRole('button', { name: 'Cancel now' }).count()).toBe(0)

    // The list's filters, and the customer's page with its subscription and payments.
    await goTo(page, 'Subscriptions')
    await page.getByRole('row').filter({ hasText: created.id }).waitFor()
    await page.getByLabel('Status').selectOption('active')
    await page.getByText('No sandbox subscriptions match.').waitFor()
    await page.getByLabel('Status').selectOption('canceled')
    await page.getByLabel('Product').selectOption({ label: 'Pro' })
    await page.getByLabel('Customer email').fill('ada@example.com')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.getByRole('row').filter({ hasText: created.id }).waitFor()
    await page.getByLabel('Customer email').fill('nobody@example.com')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.getByText('No sandbox subscriptions match.').waitFor()

    await goTo(page, 'Customers')
    await page.getByRole('link', { name: 'ada@example.com' }).click()
    await page.getByRole('heading', { level: 1, name: 'ada@example.com' }).waitFor()
    await page.getByRole('region', { name: 'Subscriptions' }).getByRole('link', { name: created.id }).waitFor()
    const payments = page.getByRole('region', { name: 'Payments' })
    for (const id of [initial.id, proration.id, manualId, renewal.id])
      await payments.getByRole('link', { name: id }).waitFor()
    await checkPage(page)
    await payments.getByRole('link', { name: renewal.id }).click()
    await page.getByRole('heading', { level: 1, name: `Payment ${renewal.id}` }).waitFor()
    expect(problems).toEqual(['400 POST /api/subscriptions/'])
    await page.close()
  })

  test('the pages fit 360 px; an empty customer search and a missing subscription say so', async () => {
    const { page, problems } = await openPage(browser!, { width: 360, height: 800 })
    await signIn(page, p.baseUrl, m.email, m.password, '/dashboard/customers')
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor()
    await page.getByLabel('Email', { exact: true }).fill('zzz')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByText(/^No sandbox customers match/).waitFor()
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360)
    const [basic] = await api('GET', '/api/products/?search=Basic')
    const sub = await api('POST', '/api/subscriptions/', {
      product_id: basic.id,
      currency: 'USD',
      customer: { email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper', country: 'FR' },
    })
    for (const path of [
      '/subscriptions',
      '/subscriptions/new',
      `/subscriptions/${sub.id}`,
      `/customers/${sub.customer.id}`,
    ]) {
      await page.goto(`${p.baseUrl}/dashboard${path}`)
      await page.getByRole('heading', { level: 1 }).waitFor()
      await page.getByRole('status').filter({ hasText: 'Loading' }).waitFor({ state: 'detached' })
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('main *')]
          .filter((e) => !e.closest('.table-wrap') && e.getBoundingClientRect().right > 361)
          .slice(0, 5)
          .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
      )
      expect([path, await scrollWidth(page), wide]).toEqual([path, expect.any(Number), []])
      expect(await scrollWidth(page), path).toBeLessThanOrEqual(360)
    }
    await page.goto(`${p.baseUrl}/dashboard/subscriptions/sub_missing`)
    await page.getByRole('alert').waitFor()
    expect(problems).toEqual(['404 GET /api/subscriptions/sub_missing/'])
    await page.close()
  })
})
