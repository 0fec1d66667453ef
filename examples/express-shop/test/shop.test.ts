import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { Kassa } from '@kassa/node'
import { hasChromium, launchChromium, startListeningPlatform } from '../../../test/support/browser.ts'
import { createMerchantFixture, type Merchant, type TestPlatform } from '../../../test/support/platform.ts'
import { CARDS } from '../../../test/support/checkout.ts'
import { login, tokenHeaders } from '../../../test/support/dashboard.ts'
import { WebhookDispatcher } from '../../../src/modules/webhooks/index.ts'
import { createShop, type Shop } from '../src/shop.ts'

// The example end to end: a real Kassa (PGlite) with its webhook dispatcher running, the shop on its
// own port, a buyer in Chromium paying on the hosted page with 4242, and the shop's verified webhook.

let p: TestPlatform & { baseUrl: string }
let m: Merchant
let browser: Browser
let shop: Shop
let shopServer: Server
let shopUrl: string
let dispatcher: WebhookDispatcher

beforeAll(async () => {
  if (!hasChromium) return
  p = await startListeningPlatform()
  m = await createMerchantFixture(p.ctx)
  // The shop's URL goes into its config, so its server listens first and routes to the shop once made.
  shopServer = createServer((req, res) => shop.app(req, res))
  await new Promise<void>((resolve) => shopServer.listen(0, '127.0.0.1', resolve))
  shopUrl = `http://127.0.0.1:${(shopServer.address() as AddressInfo).port}`
  // The merchant adds the shop's webhook URL in the dashboard and copies the secret into the shop.
  const token = await login(p.app, m.email, m.password)
  const endpoint = await p.app.inject({
    method: 'POST',
    url: '/api/organization/webhooks/',
    headers: tokenHeaders(token),
    payload: { url: `${shopUrl}/webhooks/kassa`, environment: 'sandbox' },
  })
  expect(endpoint.statusCode, endpoint.body).toBe(201)
  shop = createShop({
    kassa: new Kassa({ apiKey: m.sandboxKey, baseUrl: p.baseUrl }),
    webhookSecret: endpoint.json().secret,
    publicUrl: shopUrl,
    productId: m.usdOnlyProductId,
  })
  dispatcher = new WebhookDispatcher(p.ctx, { listenUrl: null, pollMs: 100 })
  dispatcher.start()
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await dispatcher?.stop()
  if (shopServer) {
    shopServer.closeAllConnections()
    await new Promise((resolve) => shopServer.close(resolve))
  }
  await p?.close()
})

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = probe()
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe.skipIf(!hasChromium)('examples/express-shop', () => {
  test('buy in the shop, pay 4242 on the hosted page, come back paid; the shop got a verified webhook', async () => {
    const page = await browser.newPage()
    await page.goto(shopUrl)
    await page.getByLabel('Email').fill('ada@example.com')
    await page.getByLabel('First name').fill('Ada')
    await page.getByLabel('Last name').fill('Lovelace')
    await page.getByRole('button', { name: 'Buy' }).click()
    // The shop redirected to Kassa's hosted checkout.
    await page.waitForURL(`${p.baseUrl}/**`)
    await page.getByLabel('Card number').fill(CARDS.success)
    await page.getByLabel('Expiry date').fill('12 / 34')
    await page.getByLabel('CVC').fill('123')
    await page.getByLabel('Name on card').fill('Ada Lovelace')
    await page.getByRole('button', { name: /^Pay / }).click()
    await page.waitForURL(`${shopUrl}/thanks**`)
    const transactionId = new URL(page.url()).searchParams.get('transaction_id')
    expect(transactionId).toMatch(/^TX/)
    await expect(page.locator('#payment-status').innerText()).resolves.toBe('paid')
    await page.close()

    const paid = await waitFor(() =>
      shop.events.find(
        (e) => e.event === 'transaction.status_changed' && e.transaction_id === transactionId && e.status === 'paid',
      ),
    )
    expect(paid).toMatchObject({ gross_amount: '100.00', currency: 'USD' })
  })

  test('the shop refuses a delivery that is not signed by Kassa', async () => {
    const forged = JSON.stringify({ event_id: 'evt_forged', event: 'transaction.status_changed', status: 'paid' })
    const res = await fetch(`${shopUrl}/webhooks/kassa`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'x',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,AAAA',
        'x-webhook-signature': 'sha256=00',
      },
      body: forged,
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toBe('invalid_signature')
    expect(shop.events.some((e) => e.event_id === 'evt_forged')).toBe(false)
  })
})
