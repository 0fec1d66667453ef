import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Locator } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { goTo, openPage, scrollWidth, seriousViolations, signIn } from '../support/dashboard-browser.ts'
import { login, tokenHeaders } from '../support/dashboard.ts'
import { createMerchantFixture, type Merchant, type TestPlatform } from '../support/platform.ts'
import { ensureDashboardBuilt } from '../../src/modules/dashboard-app/dashboard-build.ts'

// Products as a merchant: create with recurring prices, server errors beside their field, edit
// (the price list replaced), archive/restore, delete; loading, empty and error states; 360 px.

let p: TestPlatform & { baseUrl: string }
let m: Merchant
let browser: Browser | undefined
let token: string

beforeAll(async () => {
  await ensureDashboardBuilt()
  p = await startListeningPlatform()
  m = await createMerchantFixture(p.ctx)
  token = await login(p.app, m.email, m.password)
  if (hasChromium) browser = await launchChromium()
}, 240_000)
afterAll(async () => {
  await browser?.close()
  await p?.close()
})

const products = async () =>
  (await p.app.inject({ url: '/api/products/?page_size=100', headers: tokenHeaders(token) })).json() as {
    id: string
    name: string
    description: string | null
    status: string
    prices: Record<string, unknown>[]
  }[]

/** The text a control's aria-describedby points at: its hint and the server's message about it. */
const description = (control: Locator) =>
  control.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' | '),
  )

describe.skipIf(!hasChromium)('products in Chromium', () => {
  test('create with a recurring USD price and a one-off EUR price; a refused amount is named beside its field', async () => {
    const { page, problems } = await openPage(browser!)
    await signIn(page, p.baseUrl, m.email, m.password)
    await goTo(page, 'Products')
    await page.getByLabel('Show').selectOption('archived')
    await page.getByText('No products here.').waitFor()
    await page.getByLabel('Show').selectOption('active')
    await page.getByRole('row').filter({ hasText: 'T-shirt' }).waitFor()

    await page.getByRole('button', { name: 'New product' }).click()
    const form = page.getByRole('form', { name: 'New product' })
    await form.getByLabel('Name').fill('Coffee club')
    await form.getByLabel('Description').fill('Fresh beans, delivered')
    await form.getByLabel('Price in USD').fill('0')
    await form.getByLabel('Billing (USD)').selectOption({ label: 'Monthly' })
    await form.getByLabel('Interval count (USD)').fill('3')
    await form.getByLabel('Trial days (USD)').fill('14')
    await form.getByText('Bills every 3 months, 14-day free trial.').waitFor()
    await form.getByLabel('Price in EUR').fill('11.00')
    await form.getByRole('button', { name: 'Create product' }).click()
    await form.getByText('Amount must be greater than zero.').waitFor()
    await expect(description(form.getByLabel('Price in USD'))).resolves.toContain('Amount must be greater than zero.')
    await expect(form.getByLabel('Price in USD').getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(form.getByLabel('Price in EUR').getAttribute('aria-invalid')).resolves.toBeNull()
    await expect(form.getByRole('alert').innerText()).resolves.toBe('Correct the fields marked above.')
    expect((await products()).map((x) => x.name)).not.toContain('Coffee club')

    await form.getByLabel('Price in USD').fill('12.00')
    await form.getByRole('button', { name: 'Create product' }).click()
    await page.getByRole('status').filter({ hasText: 'Created Coffee club.' }).waitFor()
    const row = page.getByRole('row').filter({ hasText: 'Coffee club' })
    await expect(row.innerText()).resolves.toMatch(/€11\.00[\s\S]*\$12\.00 every 3 months, 14-day free trial/)

    const created = (await products()).find((x) => x.name === 'Coffee club')!
    expect(created).toMatchObject({
      description: 'Fresh beans, delivered',
      status: 'active',
      prices: [
        { currency: 'EUR', amount: '11.00', recurring_interval: null },
        {
          currency: 'USD',
          amount: '12.00',
          recurring_interval: 'month',
          recurring_interval_count: 3,
          trial_days: 14,
        },
      ],
    })
    expect(problems).toEqual(['400 POST /api/products/'])
    await page.close()
  })

  test('the detail page edits name and prices (the list is replaced), archives and restores', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/products/',
      headers: tokenHeaders(token),
      payload: {
        name: 'Tea box',
        prices: [
          { currency: 'USD', amount: '9.00', recurring_interval: 'week', recurring_interval_count: 2 },
          { currency: 'EUR', amount: '8.00', recurring_interval: 'week', recurring_interval_count: 2 },
        ],
      },
    })
    const id = res.json().id as string
    const { page, problems } = await openPage(browser!)
    await signIn(page, p.baseUrl, m.email, m.password)
    await goTo(page, 'Products')
    await page.getByRole('link', { name: 'Tea box' }).click()
    await page.getByRole('heading', { level: 1, name: 'Tea box' }).waitFor()
    await page.getByText('$9.00 every 2 weeks').waitFor()

    const form = page.getByRole('form', { name: 'Edit product' })
    await expect(form.getByLabel('Price in USD').inputValue()).resolves.toBe('9.00')
    await expect(form.getByLabel('Interval count (EUR)').inputValue()).resolves.toBe('2')
    await form.getByLabel('Name').fill('Tea box deluxe')
    await form.getByLabel('Price in EUR').fill('')
    await form.getByLabel('Price in USD').fill('90.00')
    await form.getByLabel('Billing (USD)').selectOption({ label: 'Yearly' })
    await form.getByLabel('Interval count (USD)').fill('1')
    await form.getByRole('button', { name: 'Save product' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    await page.getByRole('heading', { level: 1, name: 'Tea box deluxe' }).waitFor()
    await page.getByText('$90.00 every year').waitFor()
    const detail = await p.app.inject({ url: `/api/products/${id}/`, headers: tokenHeaders(token) })
    expect(detail.json()).toMatchObject({
      name: 'Tea box deluxe',
      prices: [{ currency: 'USD', amount: '90.00', recurring_interval: 'year', recurring_interval_count: 1 }],
    })
    expect(detail.json().prices).toHaveLength(1)

    // A trial past the server's limit is named under that field; back to one-off, the price saves.
    await form.getByLabel('Trial days (USD)').fill('400')
    await form.getByRole('button', { name: 'Save product' }).click()
    await form.getByText('Must be <= 365.').waitFor()
    await expect(description(form.getByLabel('Trial days (USD)'))).resolves.toContain('Must be <= 365.')
    await form.getByLabel('Billing (USD)').selectOption({ label: 'One-off' })
    await form.getByRole('button', { name: 'Save product' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    await page.getByText('$90.00', { exact: true }).first().waitFor()

    await page.getByRole('button', { name: 'Archive' }).click()
    await page.getByRole('status').filter({ hasText: 'Archived' }).waitFor()
    await page.locator('main').getByText('archived', { exact: true }).waitFor()
    expect((await p.app.inject({ url: `/api/products/${id}/`, headers: tokenHeaders(token) })).json().status).toBe(
      'archived',
    )
    await page.getByRole('button', { name: 'Restore' }).click()
    await page.getByRole('status').filter({ hasText: 'Restored' }).waitFor()
    expect((await p.app.inject({ url: `/api/products/${id}/`, headers: tokenHeaders(token) })).json().status).toBe(
      'active',
    )
    expect(await seriousViolations(page)).toEqual([])
    expect(problems).toEqual([`400 PATCH /api/products/${id}/`])
    await page.close()
  })

  test('an unused product is deleted from its page; an unknown one shows an error with a retry', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/products/',
      headers: tokenHeaders(token),
      payload: { name: 'Short-lived', prices: [{ currency: 'USD', amount: '1.00' }] },
    })
    const id = res.json().id as string
    const { page, problems } = await openPage(browser!)
    page.on('dialog', (dialog) => void dialog.accept())
    await signIn(page, p.baseUrl, m.email, m.password, `/dashboard/products/${id}`)
    await page.getByRole('heading', { level: 1, name: 'Short-lived' }).waitFor()
    await page.getByRole('button', { name: 'Delete' }).click()
    await page.getByRole('heading', { level: 1, name: 'Products' }).waitFor()
    expect((await p.app.inject({ url: `/api/products/${id}/`, headers: tokenHeaders(token) })).statusCode).toBe(404)

    await page.goto(`${p.baseUrl}/dashboard/products/prod_missing`)
    const alert = page.getByRole('alert')
    await alert.getByRole('button', { name: 'Try again' }).waitFor()
    await expect(alert.innerText()).resolves.toMatch(/not found/i)
    expect(problems).toEqual(['404 GET /api/products/prod_missing/'])
    await page.close()
  })

  test('at 360 px the list, the detail and the form fit the phone; no serious axe violation', async () => {
    const { page, problems } = await openPage(browser!, { width: 360, height: 740 })
    await signIn(page, p.baseUrl, m.email, m.password, `/dashboard/products/${m.productId}`)
    await page.getByRole('form', { name: 'Edit product' }).waitFor()
    await page.getByLabel('Billing (USD)').selectOption({ label: 'Monthly' })
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360)
    expect(await seriousViolations(page)).toEqual([])
    await page.goto(`${p.baseUrl}/dashboard/products`)
    await page.getByRole('button', { name: 'New product' }).click()
    await page.getByRole('form', { name: 'New product' }).waitFor()
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360)
    expect(await seriousViolations(page)).toEqual([])
    expect(problems).toEqual([])
    await page.close()
  })
})
