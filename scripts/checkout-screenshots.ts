// Screenshots of the customer-facing pages: `npx tsx scripts/checkout-screenshots.ts` (re-runnable;
// overwrites the files). The hosted checkout in English and French, light, dark and 360 px wide; the
// payment link page, the receipt and the expired page light, dark and mobile, under docs/screenshots/;
// plus the two README images (docs/checkout-desktop.png, docs/checkout-mobile.png).
import { mkdir } from 'node:fs/promises'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { launchChromium, startListeningPlatform } from '../test/support/browser.ts'
import { login, tokenHeaders } from '../test/support/dashboard.ts'
import { checkoutBody, createCheckoutViaApi, createMerchantFixture } from '../test/support/platform.ts'
import { updateOrganization } from '../src/modules/organizations/index.ts'

const OUT = 'docs/screenshots'
const VARIANTS: Array<[string, BrowserContextOptions]> = [
  ['light', { viewport: { width: 1280, height: 860 }, colorScheme: 'light' }],
  ['dark', { viewport: { width: 1280, height: 860 }, colorScheme: 'dark' }],
  ['mobile', { viewport: { width: 360, height: 780 }, colorScheme: 'light', deviceScaleFactor: 2 }],
]

async function shoot(
  browser: Browser,
  url: string,
  file: string,
  options: BrowserContextOptions,
  prepare?: (page: Page) => Promise<void>,
) {
  const context = await browser.newContext(options)
  const page = await context.newPage()
  await page.goto(url)
  await prepare?.(page)
  await page.screenshot({ path: file, fullPage: true })
  await context.close()
}

const fillCard = async (page: Page) => {
  await page.locator('#card-number').fill('4242 4242 4242 4242')
  await page.locator('#card-expiry').fill('12 / 34')
  await page.locator('#card-cvc').fill('123')
}

const p = await startListeningPlatform()
const browser = await launchChromium()
try {
  await mkdir(OUT, { recursive: true })
  const m = await createMerchantFixture(p.ctx, { priceMode: 'HT' })
  await updateOrganization(p.ctx.db, m.organizationId, { name: 'Northwind Coffee Co.' })
  const checkout = (overrides: Record<string, unknown> = {}) =>
    createCheckoutViaApi(
      p.app,
      m.sandboxKey,
      checkoutBody(m.productId, {
        billing_country: 'FR',
        billing_postal_code: '75011',
        billing_first_name: 'Camille',
        billing_last_name: 'Martin',
        billing_email: 'camille@example.fr',
        currency: 'EUR',
        products: [
          { id: m.productId, quantity: 2 },
          { name: 'Espresso beans 1 kg', unit_price: '9.00', quantity: 1 },
        ],
        ...overrides,
      }),
    )
  const open = await checkout()
  for (const [variant, options] of VARIANTS)
    for (const locale of ['en-US', 'fr-FR'])
      await shoot(
        browser,
        open.checkout_url,
        `${OUT}/checkout-${locale.slice(0, 2)}-${variant}.png`,
        { ...options, locale },
        fillCard,
      )
  await shoot(browser, open.checkout_url, 'docs/checkout-desktop.png', VARIANTS[0][1], fillCard)
  await shoot(browser, open.checkout_url, 'docs/checkout-mobile.png', VARIANTS[2][1], fillCard)

  const token = await login(p.app, m.email, m.password)
  const link = (
    await p.app.inject({
      method: 'POST',
      url: '/api/payment-links/',
      headers: tokenHeaders(token),
      payload: { name: 'Coffee subscription box', products: [{ product_id: m.productId, quantity: 2 }] },
    })
  ).json()
  const paid = await checkout()
  await shoot(browser, paid.checkout_url, `${OUT}/.pay.png`, VARIANTS[0][1], async (page) => {
    await fillCard(page)
    await page.locator('#pay-button').click()
    await page.locator('#result').waitFor()
  })
  const expiring = await checkout({ expires_in_minutes: 30 })
  for (const [variant, options] of VARIANTS) {
    await shoot(browser, link.url, `${OUT}/payment-link-${variant}.png`, options)
    await shoot(browser, paid.checkout_url, `${OUT}/receipt-${variant}.png`, options)
    await shoot(browser, paid.checkout_url, `${OUT}/receipt-fr-${variant}.png`, { ...options, locale: 'fr-FR' })
  }
  p.clock.advance(31 * 60_000)
  for (const [variant, options] of VARIANTS)
    await shoot(browser, expiring.checkout_url, `${OUT}/expired-${variant}.png`, options)
} finally {
  await browser.close()
  await p.close()
}
