import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { login, tokenHeaders } from '../support/dashboard.ts'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { CARDS, getPayment } from '../support/checkout.ts'
import { horizontalOverflow, seriousAxeViolations, tabThrough } from '../support/page-checks.ts'

// The customer-facing pages in Chromium: the Pay click after an inline error, Cancel's confirm step,
// English and French from Accept-Language, and for every page: axe-core (light and dark), 360 px, focus.

let p: TestPlatform & { baseUrl: string }
let m: Merchant
let browser: Browser
let dashboardToken: string

beforeAll(async () => {
  if (!hasChromium) return
  p = await startListeningPlatform()
  m = await createMerchantFixture(p.ctx)
  dashboardToken = await login(p.app, m.email, m.password)
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await p?.close()
})

const FR_EUR = { billing_country: 'FR', billing_postal_code: '75011', currency: 'EUR', products: [] as unknown[] }

async function newCheckout(overrides: Record<string, unknown> = {}) {
  const body = checkoutBody(m.productId, {
    ...FR_EUR,
    products: [{ id: m.productId, quantity: 2 }],
    ...overrides,
  })
  return createCheckoutViaApi(p.app, m.sandboxKey, body)
}

async function openPage(url: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options)
  const page = await context.newPage()
  await page.goto(url)
  return page
}

async function fillCard(page: Page, expiry: string) {
  await page.getByLabel('Card number').fill(CARDS.success)
  await page.getByLabel('Expiry date').fill(expiry)
  await page.getByLabel('CVC').fill('123')
}

describe.runIf(hasChromium)('customer pages in Chromium', () => {
  test('a Pay click right after fixing an inline error pays on that one click', async () => {
    const c = await newCheckout()
    const page = await openPage(c.checkout_url)
    await fillCard(page, '13 / 34')
    const pay = page.getByRole('button', { name: 'Pay €55.20' })
    await pay.click()
    await page.getByText("Your card's expiration date is invalid.").waitFor()
    const before = await pay.boundingBox()
    // Fixed without leaving the field: the click on Pay blurs it, which clears the message.
    await page.getByLabel('Expiry date').fill('12 / 34')
    await pay.click()
    await page.getByRole('heading', { name: 'Payment successful' }).waitFor({ timeout: 10_000 })
    expect((await getPayment(p.app, m.sandboxKey, c.transaction_id)).status).toBe('paid')
    expect(before).not.toBeNull()
    await page.context().close()
  })

  test('pressing Pay after a fix does not move it: the button is where the pointer went down', async () => {
    const c = await newCheckout()
    const page = await openPage(c.checkout_url)
    const pay = page.getByRole('button', { name: 'Pay €55.20' })
    await fillCard(page, '13 / 34')
    await pay.click()
    await page.getByText("Your card's expiration date is invalid.").waitFor()
    await page.getByLabel('Expiry date').fill('12 / 34')
    const box = (await pay.boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.down()
    expect(await pay.boundingBox()).toEqual(box)
    await page.mouse.up()
    await page.getByRole('heading', { name: 'Payment successful' }).waitFor({ timeout: 10_000 })
    await page.context().close()
  })

  test('Cancel asks first: "Keep paying" backs out, "Yes, cancel" cancels', async () => {
    const c = await newCheckout()
    const page = await openPage(c.checkout_url)
    await page.getByRole('button', { name: 'Cancel', exact: true }).click()
    await page.getByText('Cancel this payment? No money will be taken.').waitFor()
    await expect(
      page.getByRole('button', { name: 'Keep paying' }).evaluate((b) => b === document.activeElement),
    ).resolves.toBe(true)
    await page.getByRole('button', { name: 'Keep paying' }).click()
    await expect(page.getByText('Cancel this payment?').isVisible()).resolves.toBe(false)
    await expect(page.getByRole('button', { name: 'Cancel', exact: true }).isVisible()).resolves.toBe(true)
    expect((await getPayment(p.app, m.sandboxKey, c.transaction_id)).status).not.toBe('canceled')

    await page.getByRole('button', { name: 'Cancel', exact: true }).click()
    await page.getByRole('button', { name: 'Yes, cancel' }).click()
    await page.getByRole('heading', { name: 'Payment canceled' }).waitFor()
    expect((await getPayment(p.app, m.sandboxKey, c.transaction_id)).status).toBe('canceled')
    await page.context().close()
  })

  test('French from Accept-Language: lang, labels, amounts, card messages, receipt', async () => {
    const c = await newCheckout()
    const page = await openPage(c.checkout_url, { locale: 'fr-FR' })
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr')
    const pay = page.getByRole('button', { name: 'Payer 55,20 €' })
    await expect(pay.isVisible()).resolves.toBe(true)
    for (const label of ['Numéro de carte', "Date d'expiration", 'Cryptogramme', 'Nom sur la carte'])
      await expect(page.getByLabel(label, { exact: true }).count()).resolves.toBe(1)
    const text = await page.locator('body').innerText()
    for (const shown of ['Montant à payer', 'TVA (20 %)', '9,20 €', '75011, France', 'Annuler'])
      expect(text.replace(/[\u00a0\u202f]/g, ' ')).toContain(shown)
    await page.getByLabel('Numéro de carte').fill(CARDS.success)
    await page.getByLabel("Date d'expiration").fill('13 / 34')
    await page.getByLabel('Cryptogramme').fill('123')
    await pay.click()
    await page.getByText("La date d'expiration n'est pas valide.").waitFor()
    await page.getByLabel("Date d'expiration").fill('12 / 34')
    await pay.click()
    await page.getByRole('heading', { name: 'Paiement réussi' }).waitFor({ timeout: 10_000 })
    await page.context().close()

    // q-values: French preferred over English; an unknown language falls back to English.
    const headers = (accept: string) => ({
      url: new URL(c.checkout_url).pathname,
      headers: { 'accept-language': accept },
    })
    const fr = await p.app.inject(headers('en;q=0.5, fr-CA;q=0.9'))
    expect(fr.body).toContain('<html lang="fr">')
    expect(fr.headers.vary).toContain('accept-language')
    const de = await p.app.inject(headers('de-DE, de;q=0.9'))
    expect(de.body).toContain('<html lang="en">')
    expect(de.body).toContain('Payment successful')
  })

  test('every customer page: no serious axe violation light and dark, no overflow at 360 px, visible focus', async () => {
    const link = (
      await p.app.inject({
        method: 'POST',
        url: '/api/payment-links/',
        headers: tokenHeaders(dashboardToken),
        payload: { name: 'Spring sale', products: [{ product_id: m.productId, quantity: 2 }] },
      })
    ).json()
    const open = await newCheckout()
    const paid = await newCheckout()
    const payPage = await openPage(paid.checkout_url)
    await fillCard(payPage, '12 / 34')
    await payPage.getByRole('button', { name: /^Pay / }).click()
    await payPage.getByRole('heading', { name: 'Payment successful' }).waitFor({ timeout: 10_000 })
    await payPage.context().close()
    const expiring = await newCheckout({ expires_in_minutes: 30 })

    const pages: Array<[string, string, string[]]> = [
      [
        'checkout',
        open.checkout_url,
        ['card-number', 'card-expiry', 'card-cvc', 'card-name', 'pay-button', 'cancel-button'],
      ],
      ['payment link', link.url, ['billing_first_name', 'billing_country', 'billing_postal_code']],
      ['receipt', paid.checkout_url, []],
      ['invalid checkout link', `${p.baseUrl}/checkout/not-a-token`, []],
      ['unknown payment link', `${p.baseUrl}/l/00000000-0000-4000-8000-000000000000`, []],
    ]
    const failures: string[] = []
    const check = async (name: string, url: string, focusable: string[]) => {
      // Both schemes in English; French (longer words) in light on the pages with forms.
      const variants: Array<['light' | 'dark', string]> = [
        ['light', 'en-US'],
        ['dark', 'en-US'],
        ...(focusable.length ? [['light', 'fr-FR'] as ['light', string]] : []),
      ]
      for (const [colorScheme, locale] of variants) {
        // bypassCSP: axe-core is injected as an inline script, which the pages' CSP rightly refuses.
        const page = await openPage(url, {
          colorScheme,
          locale,
          viewport: { width: 360, height: 740 },
          bypassCSP: true,
        })
        const where = `${name} (${colorScheme}, ${locale})`
        for (const v of await seriousAxeViolations(page))
          failures.push(`${where}: ${v.id} ${v.help} ${v.nodes.join(', ')}`)
        const overflow = await horizontalOverflow(page)
        if (overflow > 0) failures.push(`${where}: ${overflow}px horizontal overflow`)
        if (colorScheme === 'light' && locale === 'en-US' && focusable.length) {
          const reached = await tabThrough(page)
          for (const id of focusable) {
            const hit = reached.find((r) => r.name === id)
            if (!hit) failures.push(`${where}: ${id} not reachable with Tab`)
            else if (!hit.visible) failures.push(`${where}: ${id} has no visible focus`)
          }
        }
        await page.context().close()
      }
    }
    for (const [name, url, focusable] of pages) await check(name, url, focusable)
    p.clock.advance(31 * 60_000)
    try {
      await check('expired checkout', expiring.checkout_url, [])
    } finally {
      p.clock.advance(-31 * 60_000)
    }
    expect(failures).toEqual([])
  }, 120_000)
})
