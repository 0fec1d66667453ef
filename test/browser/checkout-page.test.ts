import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { hasChromium } from '../support/browser.ts'
import { CARDS, getPayment, postCheckout } from '../support/checkout.ts'
import { checkoutPageFixture, type CheckoutPageFixture } from '../support/checkout-page.ts'

// A customer in Chromium on the real page: what it shows, what it refuses, and what the API and the outbox say afterwards.

let f: CheckoutPageFixture
// Bound in beforeAll (when Chromium is there); the tests read them as plain names.
let { p, m, browser, open, fillCard, payButton, expectApiAndEventsAgree } = {} as CheckoutPageFixture
beforeAll(async () => {
  if (!hasChromium) return
  f = await checkoutPageFixture()
  ;({ p, m, browser, open, fillCard, payButton, expectApiAndEventsAgree } = f)
})
afterAll(() => f?.close())

describe.skipIf(!hasChromium)('hosted checkout page in Chromium', () => {
  test('shows platform, merchant, items, tax, total, billing details, labelled card fields, Pay with the amount', async () => {
    const { page } = await open({
      billing_country: 'FR',
      billing_postal_code: '75011',
      currency: 'EUR',
      products: [{ id: m.productId, quantity: 2 }],
    })
    // 2 × 23.00 EUR HT + 20% French VAT = 55.20 EUR.
    await expect(page.getByRole('button', { name: 'Pay €55.20' }).isVisible()).resolves.toBe(true)
    const text = await page.locator('body').innerText()
    for (const shown of [
      'Kassa',
      `Shop ${m.email}`,
      'T-shirt',
      '€46.00',
      'Tax (20%)',
      '€9.20',
      '€55.20 EUR',
      'Ada Lovelace',
      'ada@example.com',
      '75011, France',
    ])
      expect(text).toContain(shown)
    for (const label of ['Card number', 'Expiry date', 'CVC', 'Name on card'])
      await expect(page.getByLabel(label, { exact: true }).count()).resolves.toBe(1)
    await expect(page.getByLabel('Expiry date').getAttribute('placeholder')).resolves.toBe('MM / YY')
    await expect(page.getByRole('button', { name: 'Cancel' }).count()).resolves.toBe(1)
    await page.close()
  })

  test('an expired session says "This checkout has expired"', async () => {
    const { c, page } = await open({ expires_in_minutes: 30 })
    p.clock.advance(31 * 60_000)
    try {
      await page.reload()
      await page.getByRole('heading', { name: 'This checkout has expired' }).waitFor()
    } finally {
      p.clock.advance(-31 * 60_000)
    }
    const payment = await expectApiAndEventsAgree(c.transaction_id, 'canceled')
    expect(payment.depositAttempts).toEqual([])
    await page.close()
  })

  test('inline validation refuses bad input before any attempt', async () => {
    const { c, page } = await open()
    const payCalls: string[] = []
    page.on('request', (r) => r.url().includes('/api/checkout/pay/') && payCalls.push(r.url()))
    const cases: Array<[string, string, string, string, string]> = [
      ['4242 4242 4242 4241', '12 / 34', '123', 'Card number', 'Your card number is invalid.'],
      ['4242 4242', '12 / 34', '123', 'Card number', 'Your card number is incomplete.'],
      ['4242 4242 4242 4242', '01 / 21', '123', 'Expiry date', "Your card's expiration date is in the past."],
      ['4242 4242 4242 4242', '13 / 30', '123', 'Expiry date', "Your card's expiration date is invalid."],
      ['4242 4242 4242 4242', '12 / 34', '12', 'CVC', "Your card's security code is incomplete."],
    ]
    for (const [number, expiry, cvc, field, message] of cases) {
      await fillCard(page, number, expiry, cvc)
      await payButton(page).click()
      const describedBy = await page.getByLabel(field, { exact: true }).getAttribute('aria-describedby')
      await expect(page.locator(`#${describedBy}`).innerText()).resolves.toBe(message)
      await expect(page.getByLabel(field, { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true')
    }
    expect(payCalls).toEqual([])
    expect((await getPayment(p.app, m.sandboxKey, c.transaction_id)).depositAttempts).toEqual([])
    await page.close()
  })

  test('typing is formatted: card number groups, MM / YY from several spellings; the name is pre-filled', async () => {
    const { page } = await open()
    await expect(page.getByLabel('Name on card').inputValue()).resolves.toBe('Ada Lovelace')
    await page.getByLabel('Card number').fill('4242424242424242')
    await expect(page.getByLabel('Card number').inputValue()).resolves.toBe('4242 4242 4242 4242')
    for (const [typed, shown] of [
      ['1234', '12 / 34'],
      ['12/2034', '12 / 34'],
      ['1/30', '01 / 30'],
      ['7', '07 / '],
    ]) {
      await page.getByLabel('Expiry date').fill(typed)
      await expect(page.getByLabel('Expiry date').inputValue(), typed).resolves.toBe(shown)
    }
    await page.close()
  })

  test('double submit (double click, then a second tab) yields exactly one success', async () => {
    const { c, page } = await open()
    const second = await browser.newPage()
    await second.goto(c.checkout_url)
    await fillCard(page, CARDS.success)
    await fillCard(second, CARDS.success)
    // A double click, another click racing it (the button stays "Pay …" and clickable), a second tab.
    // The racing click may find the button already replaced by the result (the payment won): that is fine.
    await Promise.all([
      payButton(page).dblclick(),
      payButton(page)
        .click({ timeout: 5000 })
        .catch(() => {}),
      payButton(second).click(),
    ])
    await page.getByRole('heading', { name: 'Payment successful' }).waitFor()
    await second.getByRole('heading', { name: 'Payment successful' }).waitFor()
    const payment = await expectApiAndEventsAgree(c.transaction_id, 'paid')
    expect(payment.depositAttempts.filter((a: any) => a.status === 'succeeded')).toHaveLength(1)
    await page.close()
    await second.close()
  })

  const scripted = [
    ['payment_failed', 'Payment failed', 'FAILED', 'failed'],
    ['checkout_canceled', 'Payment canceled', 'CANCELED', 'canceled'],
    ['canceled', 'Payment canceled', 'CANCELED', 'canceled'],
    ['success_pending_deposit', 'Payment successful', 'SUCCESS', 'paid'],
  ] as const
  test.each(scripted)(
    'scripted outcome %s: banner, Pay without a card, "%s", sync-status %s',
    async (simulate, heading, sync, status) => {
      const { c, page, token } = await open({ sandbox_simulate: simulate })
      await page.getByRole('note').filter({ hasText: simulate }).waitFor()
      await expect(page.getByLabel('Card number').count()).resolves.toBe(0)
      await payButton(page).click()
      await page.getByRole('heading', { name: heading }).waitFor()
      expect((await postCheckout(p.app, 'sync-status', { token })).json()).toMatchObject({
        status: sync,
        payment_status: status,
      })
      const payment = await expectApiAndEventsAgree(c.transaction_id, status)
      if (simulate === 'success_pending_deposit') expect(payment.deposit_status).toBe('pending')
      await page.close()
    },
  )

  test('scripted outcome checkout_pending: the page shows processing and sync-status stays PENDING', async () => {
    const { c, page, token } = await open({ sandbox_simulate: 'checkout_pending' })
    await page.getByRole('note').filter({ hasText: 'checkout_pending' }).waitFor()
    await payButton(page).click()
    await page.getByRole('status').filter({ hasText: 'being processed' }).waitFor()
    expect((await postCheckout(p.app, 'sync-status', { token })).json()).toMatchObject({
      status: 'PENDING',
      payment_status: 'processing',
      redirect_url: null,
    })
    const payment = await expectApiAndEventsAgree(c.transaction_id, 'processing')
    expect(payment.depositAttempts).toEqual([expect.objectContaining({ status: 'processing' })])
    await page.reload()
    await page.getByRole('status').filter({ hasText: 'being processed' }).waitFor()
    await page.close()
  })
})
