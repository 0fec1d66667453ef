import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { CARDS, card, postCheckout, tokenOf } from '../support/checkout.ts'
import { goTo, openPage, signIn } from '../support/dashboard-browser.ts'
import { login, tokenHeaders } from '../support/dashboard.ts'
import { payPayment } from '../support/payments.ts'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts'
import { WebhookDispatcher } from '../../src/modules/webhooks/index.ts'
import { ensureDashboardBuilt } from '../../src/modules/dashboard-app/dashboard-build.ts'

// The payments workflow as a merchant: filters, the incomplete label, the timeline with webhooks and
// Resend, and the CSV export of the filtered list.

let p: TestPlatform & { baseUrl: string }
let m: Merchant
let receiver: Receiver
let browser: Browser | undefined
const tx: Record<'paid' | 'eur' | 'incomplete' | 'declined', string> = {
  paid: '',
  eur: '',
  incomplete: '',
  declined: '',
}

beforeAll(async () => {
  await ensureDashboardBuilt()
  receiver = await startReceiver()
  p = await startListeningPlatform()
  m = await createMerchantFixture(p.ctx)
  const token = await login(p.app, m.email, m.password)
  const endpoint = await p.app.inject({
    method: 'POST',
    url: '/api/organization/webhooks/',
    headers: tokenHeaders(token),
    payload: { url: receiver.url },
  })
  expect(endpoint.statusCode).toBe(201)
  const paid = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
  await postCheckout(p.app, 'pay', { token: tokenOf(paid.checkout_url), card: card(CARDS.success) })
  const eur = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId, { currency: 'EUR' }))
  await payPayment(p.ctx, eur.transaction_id)
  const declined = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.usdOnlyProductId))
  await postCheckout(p.app, 'pay', { token: tokenOf(declined.checkout_url), card: card(CARDS.declined) })
  const incomplete = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
  Object.assign(tx, {
    paid: paid.transaction_id,
    eur: eur.transaction_id,
    declined: declined.transaction_id,
    incomplete: incomplete.transaction_id,
  })
  await new WebhookDispatcher(p.ctx, { listenUrl: null }).drain()
  if (hasChromium) browser = await launchChromium()
}, 240_000)
afterAll(async () => {
  await browser?.close()
  await p?.close()
  await receiver?.close()
})

describe.skipIf(!hasChromium)('payments in Chromium', () => {
  test('filters, the incomplete label, and a CSV export that matches the list', async () => {
    const { page, problems } = await openPage(browser!)
    await signIn(page, p.baseUrl, m.email, m.password)
    await goTo(page, 'Payments')
    const row = (id: string) => page.getByRole('row').filter({ hasText: id })
    await row(tx.incomplete).waitFor()
    await expect(row(tx.incomplete).getByText('incomplete').count()).resolves.toBe(1)
    await expect(row(tx.declined).innerText()).resolves.toContain('processing')
    await expect(page.getByRole('row').count()).resolves.toBe(5)

    await page.getByLabel('Currency').selectOption('EUR')
    await expect.poll(() => page.getByRole('row').count()).toBe(2)
    await row(tx.eur).waitFor()
    await page.getByLabel('Currency').selectOption('USD')
    await expect.poll(() => page.getByRole('row').count()).toBe(4)
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    await page.getByLabel('From').fill(tomorrow)
    await page.getByText('No sandbox payments match.').waitFor()
    await page.getByLabel('From').fill('')
    await page.getByLabel('To').fill(new Date().toISOString().slice(0, 10))
    await expect.poll(() => page.getByRole('row').count()).toBe(4)

    const listed = (await page.getByRole('row').allInnerTexts()).slice(1).map((r) => r.split(/\s/)[0])
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('payments-sandbox.csv')
    const csv = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n')
    expect(csv[0].split(',').slice(0, 4)).toEqual(['id', 'created_at', 'status', 'label'])
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(listed)
    expect(csv.find((l) => l.startsWith(tx.incomplete))!.split(',')[3]).toBe('incomplete')
    expect(problems).toEqual([])
    await page.close()
  })

  test('the timeline: status changes, attempts and webhooks with their result; Resend queues the event again', async () => {
    const { page, problems } = await openPage(browser!)
    await signIn(page, p.baseUrl, m.email, m.password, `/dashboard/payments/${tx.paid}`)
    const timeline = page.getByRole('region', { name: 'Timeline' })
    const webhook = timeline.getByRole('listitem').filter({ hasText: 'Webhook' }).first()
    await webhook.waitFor()
    const text = await timeline.innerText()
    for (const shown of [
      'Checkout created',
      'Payment attempt',
      'succeeded',
      'Status',
      'paid',
      'transaction.status_changed',
      'HTTP 200',
    ])
      expect(text).toContain(shown)
    const before = receiver.requests.length
    await webhook.getByRole('button', { name: /^Resend transaction\.status_changed webhook/ }).click()
    // A second delivery of the same event, queued for the endpoint.
    await expect.poll(() => timeline.getByRole('listitem').filter({ hasText: 'Webhook' }).count()).toBe(2)
    await new WebhookDispatcher(p.ctx, { listenUrl: null }).drain()
    expect(receiver.requests.length).toBe(before + 1)
    expect(problems).toEqual([])
    await page.close()
  })
})
