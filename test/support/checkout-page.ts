import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { launchChromium, startListeningPlatform } from './browser.ts'
import { getPayment, tokenOf } from './checkout.ts'
import { checkoutBody, createCheckoutViaApi, createMerchantFixture } from './platform.ts'

/** The merchant's site the hosted page redirects to; the fixture answers it locally. */
export const MERCHANT = 'https://shop.example'

/** A customer in Chromium on the hosted checkout page of a merchant, on a listening platform. */
export async function checkoutPageFixture() {
  const p = await startListeningPlatform()
  const m = await createMerchantFixture(p.ctx)
  const browser = await launchChromium()

  async function open(overrides: Record<string, unknown> = {}) {
    const c = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId, overrides))
    const page = await browser.newPage()
    // The merchant's site, answered locally.
    await page.route(`${MERCHANT}/**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Merchant</h1>' }),
    )
    await page.goto(c.checkout_url)
    return { c, page, token: tokenOf(c.checkout_url) }
  }

  async function fillCard(page: Page, number: string, expiry = '12 / 34', cvc = '123') {
    await page.getByLabel('Card number').fill(number)
    await page.getByLabel('Expiry date').fill(expiry)
    await page.getByLabel('CVC').fill(cvc)
    await page.getByLabel('Name on card').fill('Ada Lovelace')
  }

  const payButton = (page: Page) => page.getByRole('button', { name: /^Pay / })

  async function lastEvent(transactionId: string) {
    const row = await p.ctx.db
      .selectFrom('events')
      .select('payload')
      .where('subject_id', '=', transactionId)
      .where('type', '=', 'transaction.status_changed')
      .orderBy('id', 'desc')
      .executeTakeFirst()
    return row?.payload as Record<string, any> | undefined
  }

  /** The API, the latest event and the page must tell the same story. */
  async function expectApiAndEventsAgree(transactionId: string, status: string) {
    const payment = await getPayment(p.app, m.sandboxKey, transactionId)
    expect(payment.status).toBe(status)
    const event = await lastEvent(transactionId)
    expect(event).toMatchObject({ transaction_id: transactionId, status, depositAttempts: payment.depositAttempts })
    return payment
  }

  const close = async () => {
    await browser.close()
    await p.close()
  }
  return { p, m, browser, open, fillCard, payButton, lastEvent, expectApiAndEventsAgree, close }
}

export type CheckoutPageFixture = Awaited<ReturnType<typeof checkoutPageFixture>>
