import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { CARDS, getPayment, postCheckout, tokenOf } from '../support/checkout.ts'

// A customer in Chromium on the real page, and what the API and the outbox say afterwards.

let p: TestPlatform & { baseUrl: string }
let m: Merchant
let browser: Browser

beforeAll(async () => {
  if (!hasChromium) return
  p = await startListeningPlatform()
  m = await createMerchantFixture(p.ctx)
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await p?.close()
})

const MERCHANT = 'https://shop.example'

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
