// Screenshots of the hosted checkout for the README: `npx tsx scripts/checkout-screenshots.ts`.
import { launchChromium, startListeningPlatform } from '../test/support/browser.ts'
import { checkoutBody, createCheckoutViaApi, createMerchantFixture } from '../test/support/platform.ts'
import { updateOrganization } from '../src/modules/organizations/index.ts'
const p = await startListeningPlatform()
const browser = await launchChromium()
try {
  const m = await createMerchantFixture(p.ctx, { priceMode: 'HT' })
  await updateOrganization(p.ctx.db, m.organizationId, { name: 'Northwind Coffee Co.' })
  const c = await createCheckoutViaApi(
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
    }),
  )
  for (const [name, width, height] of [
    ['desktop', 1280, 860],
    ['mobile', 360, 1100],
  ] as const) {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: name === 'mobile' ? 2 : 1 })
    await page.goto(c.checkout_url)
    await page.getByLabel('Card number').fill('4242 4242 4242 4242')
    await page.getByLabel('Expiry date').fill('12 / 34')
    await page.getByLabel('CVC').fill('123')
    await page.getByLabel('Name on card').fill('Camille Martin')
    await page.screenshot({ path: `docs/checkout-${name}.png`, fullPage: true })
    await page.close()
  }
} finally {
  await browser.close()
  await p.close()
}
