import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { getWallet } from '../../src/modules/ledger/wallet.service.ts'
import { hasChromium, launchChromium } from '../support/browser.ts'
import { CARDS, getPayment } from '../support/checkout.ts'
import { type InflowPlatform, ledgerOk, productionCheckout, startInflowPlatform } from '../support/inflow.ts'
import { createMerchantFixture, type Merchant } from '../support/platform.ts'

// A customer in Chromium: Kassa's page (no card fields) → Pay → the local Inflow's page → card →
// back on Kassa's return route → the merchant's success page. Then payment, attempts, events, wallet
// and the ledger check must agree.

let p: InflowPlatform
let m: Merchant
let browser: Browser
const MERCHANT = 'https://shop.example'

beforeAll(async () => {
  if (!hasChromium) return
  p = await startInflowPlatform()
  m = await createMerchantFixture(p.ctx)
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await p?.close()
})

describe.skipIf(!hasChromium)('production checkout on Inflow in a browser', () => {
  test('Kassa page → Inflow page → return → merchant; payment, attempts, events, wallet and ledger agree', async () => {
    const c = await productionCheckout(p, m, { successUrl: `${MERCHANT}/thanks` })
    const page = await browser.newPage()
    await page.route(`${MERCHANT}/**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Thanks from the merchant</h1>' }),
    )
    await page.goto(c.checkout_url)
    await expect.poll(() => page.getByLabel('Card number').count()).toBe(0)
    await page.getByRole('button', { name: 'Pay $25.00' }).click()
    await page.waitForURL(new RegExp(`^${p.fake.url}/pay/pay_`))
    expect(await page.locator('#amount').textContent()).toBe('$25.00')
    await page.locator('#number').fill(CARDS.success)
    await page.locator('#expiry').fill('12 / 40')
    await page.locator('#cvc').fill('123')
    await page.locator('#pay').click()
    await page.waitForURL(/^https:\/\/shop\.example\/thanks\?/)
    const landed = new URL(page.url())
    expect(landed.searchParams.get('transaction_id')).toBe(c.transaction_id)
    expect(landed.searchParams.get('checkout_id')).toBe(c.checkout_id)
    await page.close()

    await p.settle()
    const payment = await getPayment(p.app, m.productionKey, c.transaction_id)
    expect(payment).toMatchObject({
      status: 'paid',
      deposit_status: 'succeeded',
      gross_amount: '25.00',
      amount: '23.97',
    })
    const inflow = [...p.fake.store.payments.values()].filter((x) => x.metadatas?.checkoutSessionId === c.checkout_id)
    expect(inflow).toHaveLength(1)
    expect(payment.depositAttempts).toMatchObject([{ status: 'succeeded', paymentId: inflow[0].id }])
    const events = await p.ctx.db
      .selectFrom('events')
      .select('payload')
      .where('subject_id', '=', c.transaction_id)
      .where('type', '=', 'transaction.status_changed')
      .execute()
    expect(events.map((e) => (e.payload as Record<string, unknown>).status)).toEqual(['paid'])
    const wallet = (await getWallet(p.ctx.db, { organizationId: m.organizationId, environment: 'production' })).find(
      (w) => w.currency === 'USD',
    )
    expect(wallet).toMatchObject({ available: '23.97', pending: '0.00' })
    expect(await ledgerOk(p, m.organizationId)).toEqual({ ok: true, broken: [] })
  })

  test('a declined card on Inflow brings the customer back to Kassa with the reason and Pay again', async () => {
    const c = await productionCheckout(p, m)
    const page = await browser.newPage()
    await page.goto(c.checkout_url)
    await page.getByRole('button', { name: 'Pay $25.00' }).click()
    await page.waitForURL(new RegExp(`^${p.fake.url}/pay/`))
    await page.locator('#number').fill(CARDS.declined)
    await page.locator('#expiry').fill('12 / 40')
    await page.locator('#cvc').fill('123')
    await page.locator('#pay').click()
    await page.waitForURL(`${p.baseUrl}/checkout/${c.token}`)
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Your card was declined.')
    expect(await page.getByRole('button', { name: 'Pay $25.00' }).isVisible()).toBe(true)
    await page.close()
  })
})
