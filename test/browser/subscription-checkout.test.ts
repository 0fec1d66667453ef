import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { runLedgerCheck } from '../../src/modules/ledger/index.ts'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { CARDS } from '../support/checkout.ts'
import { login, tokenHeaders } from '../support/dashboard.ts'
import { createMerchantFixture, type Merchant, type TestPlatform } from '../support/platform.ts'

// A customer in Chromium subscribes: on the checkout_url of POST /api/subscriptions/, and through a
// payment link with a recurring product. Each ends with an active subscription and a clean ledger.

let p: TestPlatform & { baseUrl: string }
let m: Merchant
let browser: Browser
let token: string

const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
  p.app.inject({ method, url, headers: tokenHeaders(token), ...(payload ? { payload } : {}) })

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

async function monthlyPlan(amount: string) {
  const res = await api('POST', '/api/products/', {
    name: 'Club membership',
    prices: [{ currency: 'USD', amount, recurring_interval: 'month' }],
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().id as string
}

/** The customer types a test card on the subscription's checkout page and agrees to the later charges. */
async function payAsCustomer(page: Page, price: string) {
  await page.getByText(`${price} every month`).first().waitFor()
  await page.getByLabel('Card number').fill(CARDS.success)
  await page.getByLabel('Expiry date').fill('12 / 34')
  await page.getByLabel('CVC').fill('123')
  await page.getByLabel('Name on card').fill('Ada Lovelace')
  await page.getByRole('button', { name: `Pay ${price} and subscribe` }).click()
  await page.getByText('active', { exact: true }).waitFor()
}

async function expectLedgerClean() {
  const report = await runLedgerCheck(p.ctx.db, { organizationId: m.organizationId })
  expect(report.checks.filter((c) => !c.ok)).toEqual([])
}

describe.runIf(hasChromium)('subscribing in a browser', () => {
  test('POST /api/subscriptions/ → checkout_url in Chromium → pay with 4242 → active', async () => {
    const productId = await monthlyPlan('12.00')
    const created = await api('POST', '/api/subscriptions/', {
      product_id: productId,
      currency: 'USD',
      customer: { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', country: 'DE' },
    })
    expect(created.statusCode, created.body).toBe(201)
    const sub = created.json()
    const page = await browser.newPage()
    await page.goto(sub.checkout_url)
    await payAsCustomer(page, '$12.00')
    await page.close()
    const after = (await api('GET', `/api/subscriptions/${sub.id}/`)).json()
    expect(after).toMatchObject({ status: 'active', customer: { card: { last4: '4242' } } })
    expect(after.charges).toMatchObject([{ kind: 'initial', status: 'paid' }])
    await expectLedgerClean()
  })

  test('a payment link with a recurring product: link page → billing form → pay → active', async () => {
    const productId = await monthlyPlan('9.00')
    const link = (
      await api('POST', '/api/payment-links/', { name: 'Join', products: [{ product_id: productId }] })
    ).json()
    const page = await browser.newPage()
    await page.goto(link.url)
    await page.getByText('then $9.00 every month').waitFor()
    await page.getByLabel('First name').fill('Grace')
    await page.getByLabel('Last name').fill('Hopper')
    await page.getByLabel('Email').fill('grace@example.com')
    await page.getByLabel('Country').selectOption('DE')
    await page.getByRole('button', { name: 'Continue to payment' }).click()
    await page.waitForURL(/\/billing\//)
    await payAsCustomer(page, '$9.00')
    await page.close()
    const list = (await api('GET', '/api/subscriptions/?customer=grace%40example.com')).json()
    expect(list).toMatchObject([{ status: 'active', plan: { unit_amount: '9.00' } }])
    const sub = (await api('GET', `/api/subscriptions/${list[0].id}/`)).json()
    expect(sub.charges).toMatchObject([{ kind: 'initial', status: 'paid' }])
    expect((await api('GET', `/api/payment-links/${link.id}/`)).json().paid_count).toBe(1)
    await expectLedgerClean()
  })
})
