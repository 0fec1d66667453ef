import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { hasChromium } from '../support/browser.ts'
import { CARDS } from '../support/checkout.ts'
import { checkoutPageFixture, MERCHANT, type CheckoutPageFixture } from '../support/checkout-page.ts'

// Paying in Chromium on the real page: cards, declines, 3-D Secure, cancel; the API and the outbox agree with the page.

let f: CheckoutPageFixture
// Bound in beforeAll (when Chromium is there); the tests read them as plain names.
let { p, open, fillCard, payButton, expectApiAndEventsAgree } = {} as CheckoutPageFixture
beforeAll(async () => {
  if (!hasChromium) return
  f = await checkoutPageFixture()
  ;({ p, open, fillCard, payButton, expectApiAndEventsAgree } = f)
})
afterAll(() => f?.close())

describe.skipIf(!hasChromium)('paying on the hosted checkout page in Chromium', () => {
  test('4242 pays and redirects to successUrl with checkout_id, order_id and transaction_id', async () => {
    const { c, page } = await open({ successUrl: `${MERCHANT}/thanks?cart=9` })
    await fillCard(page, CARDS.success)
    await payButton(page).click()
    await page.waitForURL(`${MERCHANT}/**`)
    const url = new URL(page.url())
    expect(url.pathname).toBe('/thanks')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      cart: '9',
      checkout_id: c.checkout_id,
      order_id: c.order_id,
      transaction_id: c.transaction_id,
    })
    const payment = await expectApiAndEventsAgree(c.transaction_id, 'paid')
    expect(payment.depositAttempts).toEqual([expect.objectContaining({ status: 'succeeded', errorMessage: null })])
    expect(payment.card).toMatchObject({ brand: 'visa', last4: '4242' })
    await page.close()
  })

  test('without successUrl the page shows its receipt', async () => {
    const { c, page } = await open()
    await fillCard(page, CARDS.success)
    await payButton(page).click()
    await page.getByRole('heading', { name: 'Payment successful' }).waitFor()
    expect(await page.locator('body').innerText()).toContain(c.transaction_id)
    await page.close()
  })

  test('a decline shows its message; the retry succeeds; two attempts newest first', async () => {
    const { c, page } = await open()
    await fillCard(page, CARDS.declined)
    await payButton(page).click()
    await expect(
      page.getByRole('alert').filter({ hasText: 'Your card was declined.' }).waitFor(),
    ).resolves.toBeUndefined()
    let payment = await expectApiAndEventsAgree(c.transaction_id, 'processing')
    expect(payment.depositAttempts).toEqual([
      expect.objectContaining({ status: 'requires_payment_method', errorMessage: 'Your card was declined.' }),
    ])
    // The retry only changes the number: expiry, CVC and name are kept.
    await page.getByLabel('Card number').fill(CARDS.success)
    await payButton(page).click()
    await page.getByRole('heading', { name: 'Payment successful' }).waitFor()
    payment = await expectApiAndEventsAgree(c.transaction_id, 'paid')
    expect(payment.depositAttempts.map((a: any) => [a.status, a.errorMessage])).toEqual([
      ['succeeded', null],
      ['requires_payment_method', 'Your card was declined.'],
    ])
    await page.close()
  })

  test('after CHECKOUT_MAX_ATTEMPTS declines the payment fails and the page goes to failedUrl', async () => {
    const { c, page } = await open({ failedUrl: `${MERCHANT}/failed` })
    await fillCard(page, CARDS.insufficientFunds)
    for (let i = 1; i < p.ctx.config.checkoutMaxAttempts; i++) {
      await payButton(page).click()
      await page.getByRole('alert').filter({ hasText: 'Your card has insufficient funds.' }).waitFor()
      await expect(payButton(page).isEnabled()).resolves.toBe(true)
    }
    await payButton(page).click()
    await page.waitForURL(`${MERCHANT}/**`)
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      checkout_id: c.checkout_id,
      order_id: c.order_id,
      transaction_id: c.transaction_id,
    })
    const payment = await expectApiAndEventsAgree(c.transaction_id, 'failed')
    expect(payment.depositAttempts).toHaveLength(p.ctx.config.checkoutMaxAttempts)
    await page.goto(c.checkout_url)
    await page.getByRole('heading', { name: 'Payment failed' }).waitFor()
    await page.close()
  })

  test('3-D Secure: Complete pays', async () => {
    const { c, page } = await open()
    await fillCard(page, CARDS.threeDSecure)
    await payButton(page).click()
    await page.getByRole('button', { name: 'Complete' }).click()
    await page.getByRole('heading', { name: 'Payment successful' }).waitFor()
    await expectApiAndEventsAgree(c.transaction_id, 'paid')
    await page.close()
  })

  test('3-D Secure: Fail shows the message and the form again', async () => {
    const { c, page } = await open()
    await fillCard(page, CARDS.threeDSecure)
    await payButton(page).click()
    await page.getByRole('button', { name: 'Fail' }).click()
    await page.getByRole('alert').filter({ hasText: '3-D Secure' }).waitFor()
    await expect(payButton(page).isVisible()).resolves.toBe(true)
    const payment = await expectApiAndEventsAgree(c.transaction_id, 'processing')
    expect(payment.depositAttempts).toEqual([
      expect.objectContaining({
        status: 'requires_payment_method',
        errorMessage: expect.stringContaining('3-D Secure'),
      }),
    ])
    await page.close()
  })

  test('Cancel goes to cancelUrl with the ids; the payment is canceled', async () => {
    const { c, page } = await open({ cancelUrl: `${MERCHANT}/cart` })
    await page.getByRole('button', { name: 'Cancel', exact: true }).click()
    await page.getByRole('button', { name: 'Yes, cancel' }).click()
    await page.waitForURL(`${MERCHANT}/**`)
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      checkout_id: c.checkout_id,
      order_id: c.order_id,
      transaction_id: c.transaction_id,
    })
    await expectApiAndEventsAgree(c.transaction_id, 'canceled')
    await page.close()
  })
})
