import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { goTo, openPage, scrollWidth, seriousViolations, signIn } from '../support/dashboard-browser.ts'
import { createUserWithRole, login, tokenHeaders } from '../support/dashboard.ts'
import { payPayment } from '../support/payments.ts'
import { createMerchantFixture, type Merchant, type TestPlatform } from '../support/platform.ts'
import { decodeQrSvg } from '../support/qr-decode.ts'
import { consumeLinkUse } from '../../src/modules/payment-links/index.ts'
import { ensureDashboardBuilt } from '../../src/modules/dashboard-app/dashboard-build.ts'

// Payment links as a merchant: several products (one recurring), currency, pricing mode, expiry,
// maximum payments and metadata; the detail's link, Copy link and QR code (decoded here); its
// payments; edit, deactivate, delete; error and empty states; 360 px.

let p: TestPlatform & { baseUrl: string }
let m: Merchant
let browser: Browser | undefined
let token: string
let magazine: string
let digest: string // a recurring plan: a link sells it alone

beforeAll(async () => {
  await ensureDashboardBuilt()
  p = await startListeningPlatform()
  m = await createMerchantFixture(p.ctx)
  token = await login(p.app, m.email, m.password)
  const product = async (name: string, recurring = {}) => {
    const prices = [{ currency: 'USD', amount: '5.00', ...recurring }]
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/products/',
      headers: tokenHeaders(token),
      payload: { name, prices },
    })
    return res.json().id as string
  }
  magazine = await product('Magazine')
  digest = await product('Quarterly digest', { recurring_interval: 'month', recurring_interval_count: 3 })
  if (hasChromium) browser = await launchChromium()
}, 240_000)
afterAll(async () => {
  await browser?.close()
  await p?.close()
})

const get = (url: string, as = token) => p.app.inject({ url, headers: tokenHeaders(as) })

/** A buyer pays through the link: the public checkout route, then the processor's success counted as a use. */
async function buyThrough(uuid: string) {
  const res = await p.app.inject({
    method: 'POST',
    url: `/api/payment-links/${uuid}/checkout/`,
    payload: {
      billing_country: 'US',
      billing_postal_code: '94103',
      billing_first_name: 'Ada',
      billing_last_name: 'Lovelace',
      billing_email: 'ada@example.com',
    },
  })
  expect(res.statusCode).toBe(201)
  await payPayment(p.ctx, res.json().transaction_id)
  const { id } = await p.ctx.db
    .selectFrom('payment_links')
    .select('id')
    .where('uuid', '=', uuid)
    .executeTakeFirstOrThrow()
  await p.ctx.db.transaction().execute((trx) => consumeLinkUse(trx, id, p.clock.now()))
  return res.json().transaction_id as string
}

test('GET /api/payment-links/{uuid}/qr/ answers the url and an SVG QR code that reads back as it, for every role', async () => {
  const created = await p.app.inject({
    method: 'POST',
    url: '/api/payment-links/',
    headers: tokenHeaders(token),
    payload: { name: 'QR check', products: [{ product_id: m.productId }] },
  })
  const link = created.json()
  const viewer = await createUserWithRole(p.ctx, p.app, m.organizationId, 'viewer')
  const res = await get(`/api/payment-links/${link.id}/qr/`, await login(p.app, viewer.email, viewer.password))
  expect(res.statusCode).toBe(200)
  expect(res.json().url).toBe(`${p.baseUrl}/l/${link.id}`)
  expect(decodeQrSvg(res.json().qr_svg)).toMatchObject({ text: link.url, ecc: 'M' })
  const missing = await get('/api/payment-links/00000000-0000-4000-8000-000000000000/qr/')
  expect([missing.statusCode, missing.json().code]).toEqual([404, 'not_found'])
  const other = await createMerchantFixture(p.ctx)
  const foreign = await get(`/api/payment-links/${link.id}/qr/`, await login(p.app, other.email, other.password))
  expect(foreign.statusCode).toBe(404)
})

describe.skipIf(!hasChromium)('payment links in Chromium', () => {
  test('create with two products, expiry, maximum payments and metadata; a server refusal is named on its row', async () => {
    const { page, problems } = await openPage(browser!)
    await signIn(page, p.baseUrl, m.email, m.password)
    await goTo(page, 'Payment links')
    await page.getByRole('button', { name: 'New payment link' }).click()
    const form = page.getByRole('form', { name: 'New payment link' })
    await form.getByLabel('Name', { exact: true }).fill('Reader bundle')
    await form.getByLabel('Product 1').selectOption({ label: 'T-shirt' })
    await form.getByLabel('Quantity 1').fill('2')
    await form.getByRole('button', { name: 'Add product' }).click()
    await form.getByLabel('Product 2').selectOption({ label: 'Quarterly digest' })
    await form.getByText('$5.00 every 3 months').waitFor()
    await form.getByLabel('Product 2').selectOption({ label: 'Magazine' })
    await form.getByText('Total: $55.00').waitFor()

    // The magazine has no EUR price: the server's message lands under its row.
    await form.getByLabel('Currency').selectOption('EUR')
    await form.getByRole('button', { name: 'Create link' }).click()
    await form.getByText(`Product "${magazine}" has no EUR price.`).waitFor()
    await expect(form.getByLabel('Product 2').getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(form.getByLabel('Product 1').getAttribute('aria-invalid')).resolves.toBeNull()

    await form.getByLabel('Currency').selectOption('USD')
    await form.getByLabel('Pricing mode').selectOption({ label: 'Tax included in prices' })
    await form.getByLabel('Expires at').fill('2030-01-15T10:30')
    await form.getByLabel('Maximum payments').fill('5')
    await form.getByRole('button', { name: 'Add metadata' }).click()
    await form.getByLabel('Key 1').fill('campaign')
    await form.getByLabel('Value 1').fill('spring')
    await form.getByRole('button', { name: 'Add metadata' }).click()
    await form.getByLabel('Key 2').fill('campaign')
    await form.getByRole('button', { name: 'Create link' }).click()
    await form.getByText('The key "campaign" is already used above.').waitFor()
    await form.getByRole('button', { name: 'Remove metadata row 2' }).click()
    await form.getByRole('button', { name: 'Create link' }).click()
    await page.getByRole('status').filter({ hasText: 'Created Reader bundle' }).waitFor()
    const row = page.getByRole('row').filter({ hasText: 'Reader bundle' })
    await expect(row.innerText()).resolves.toMatch(/2 products[\s\S]*\$55\.00/)

    const list = (await get('/api/payment-links/')).json() as { name: string }[]
    const created = list.find((l) => l.name === 'Reader bundle')
    const expiresAt = await page.evaluate(() => new Date('2030-01-15T10:30').toISOString())
    expect(created).toMatchObject({
      currency: 'USD',
      pricing_mode: 'TAX_INCLUSIVE',
      environment: 'sandbox',
      expires_at: expiresAt,
      max_uses: 5,
      metadata: { campaign: 'spring' },
      total: '55.00',
      products: [
        { product_id: m.productId, quantity: 2, unit_price: '25.00' },
        { product_id: magazine, quantity: 1, unit_price: '5.00' },
      ],
    })
    expect(problems).toEqual(['400 POST /api/payment-links/'])
    await page.close()
  })

  test('the detail: link, Copy link, a QR code that decodes to the link, the lines, its payments; edit', async () => {
    const link = (
      await p.app.inject({
        method: 'POST',
        url: '/api/payment-links/',
        headers: tokenHeaders(token),
        payload: {
          name: 'Quarterly read',
          products: [{ product_id: magazine, quantity: 1 }],
          max_uses: 5,
          expires_at: '2031-06-01T12:00:00.000Z',
          metadata: { campaign: 'spring', batch: 7 },
        },
      })
    ).json()
    const { page, problems } = await openPage(browser!)
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: p.baseUrl })
    await signIn(page, p.baseUrl, m.email, m.password)
    const plan = { name: 'Digest plan', products: [{ product_id: digest }] }
    const made = await p.app.inject({
      method: 'POST',
      url: '/api/payment-links/',
      headers: tokenHeaders(token),
      payload: plan,
    })
    expect(made.statusCode).toBe(201)
    await goTo(page, 'Payment links')
    await page.getByRole('link', { name: 'Digest plan' }).click()
    await page.getByText('1 × Quarterly digest · $5.00 every 3 months').waitFor()
    await goTo(page, 'Payment links')
    await page.getByRole('link', { name: 'Quarterly read' }).click()
    await page.getByRole('heading', { level: 1, name: 'Quarterly read' }).waitFor()
    await page.getByText('No payment through this link yet.').waitFor()
    await page.getByText('1 × Magazine · $5.00').waitFor()

    await page.getByRole('button', { name: 'Copy link' }).click()
    await page.getByRole('button', { name: 'Copied' }).waitFor()
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(link.url)
    const qr = page.getByRole('img', { name: `QR code of ${link.url}` })
    await qr.waitFor({ state: 'visible' })
    const src = (await qr.getAttribute('src'))!
    const svg = decodeURIComponent(src.slice(src.indexOf(',') + 1))
    expect(decodeQrSvg(svg).text).toBe(link.url)
    await expect(page.getByRole('link', { name: 'Download QR code' }).getAttribute('download')).resolves.toBe(
      `payment-link-${link.id}.svg`,
    )

    const paid = [await buyThrough(link.id), await buyThrough(link.id)]
    await page.reload()
    for (const id of paid) await page.getByRole('link', { name: id }).waitFor()
    await page.getByText('2 of at most 5').waitFor()

    // Edit: below the payments collected is refused beside the field; then saved.
    await page.getByRole('button', { name: 'Edit' }).click()
    const form = page.getByRole('form', { name: 'Edit payment link' })
    // Rows in the order the server keeps the keys; the number 7 shows as JSON text and goes back a number.
    const rows: Record<string, number> = {}
    for (const i of [1, 2]) rows[await form.getByLabel(`Key ${i}`).inputValue()] = i
    await expect(form.getByLabel(`Value ${rows.batch}`).inputValue()).resolves.toBe('7')
    await form.getByLabel('Maximum payments').fill('1')
    await form.getByRole('button', { name: 'Save changes' }).click()
    await form.getByText('Must be at least 2 (payments already collected).').waitFor()
    await form.getByLabel('Name', { exact: true }).fill('Quarterly read (autumn)')
    await form.getByLabel('Maximum payments').fill('')
    await form.getByLabel('Expires at').fill('')
    await form.getByLabel(`Value ${rows.campaign}`).fill('autumn')
    await form.getByRole('button', { name: 'Save changes' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    await page.getByRole('heading', { level: 1, name: 'Quarterly read (autumn)' }).waitFor()
    expect((await get(`/api/payment-links/${link.id}/`)).json()).toMatchObject({
      name: 'Quarterly read (autumn)',
      max_uses: null,
      expires_at: null,
      metadata: { campaign: 'autumn', batch: 7 },
    })

    await page.getByRole('link', { name: paid[0] }).click()
    await page.getByRole('heading', { name: 'Amounts' }).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    expect(problems).toEqual([`400 PATCH /api/payment-links/${link.id}/`])
    await page.close()
  })

  test('deactivate, activate and delete from the detail; unknown links show an error with a retry', async () => {
    const link = (
      await p.app.inject({
        method: 'POST',
        url: '/api/payment-links/',
        headers: tokenHeaders(token),
        payload: { name: 'Flash sale', products: [{ product_id: m.productId }] },
      })
    ).json()
    const { page, problems } = await openPage(browser!)
    page.on('dialog', (dialog) => void dialog.accept())
    await signIn(page, p.baseUrl, m.email, m.password, `/dashboard/payment-links/${link.id}`)
    const main = page.locator('main')
    await page.getByRole('button', { name: 'Deactivate Flash sale' }).click()
    await main.getByText('inactive', { exact: true }).waitFor()
    expect((await get(`/api/payment-links/${link.id}/`)).json()).toMatchObject({ is_active: false, status: 'inactive' })
    await page.getByRole('button', { name: 'Activate Flash sale' }).click()
    await main.getByText('active', { exact: true }).waitFor()
    await page.getByRole('button', { name: 'Delete Flash sale' }).click()
    await main.getByText('deleted', { exact: true }).waitFor()
    await expect(page.getByRole('button', { name: /Edit|Delete|Activate|Deactivate/ }).count()).resolves.toBe(0)
    expect((await get(`/api/payment-links/${link.id}/`)).json().status).toBe('deleted')

    await page.goto(`${p.baseUrl}/dashboard/payment-links/00000000-0000-4000-8000-000000000000`)
    const alert = page.getByRole('alert')
    await alert.getByRole('button', { name: 'Try again' }).waitFor()
    await expect(alert.innerText()).resolves.toMatch(/not found/i)
    expect(problems).toEqual(['404 GET /api/payment-links/00000000-0000-4000-8000-000000000000/'])
    await page.close()
  })

  test('at 360 px the list, the form with several rows and the detail fit the phone; no serious axe violation', async () => {
    await p.app.inject({
      method: 'POST',
      url: '/api/payment-links/',
      headers: tokenHeaders(token),
      payload: {
        name: 'Phone check with a rather long name for a small screen',
        products: [{ product_id: m.productId, quantity: 3 }, { product_id: magazine }],
        metadata: { reference: 'a-very-long-reference-without-any-space-0123456789abcdef' },
      },
    })
    const { page, problems } = await openPage(browser!, { width: 360, height: 740 })
    await signIn(page, p.baseUrl, m.email, m.password, '/dashboard/payment-links')
    await page.getByRole('button', { name: 'New payment link' }).click()
    const form = page.getByRole('form', { name: 'New payment link' })
    await form.getByRole('button', { name: 'Add product' }).click()
    await form.getByRole('button', { name: 'Add metadata' }).click()
    await form.getByLabel('Key 1').waitFor()
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360)
    expect(await seriousViolations(page)).toEqual([])
    await page.getByRole('link', { name: 'Phone check with a rather long name for a small screen' }).click()
    await page.getByRole('img', { name: /^QR code of/ }).waitFor({ state: 'visible' })
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360)
    expect(await seriousViolations(page)).toEqual([])
    expect(problems).toEqual([])
    await page.close()
  })
})
