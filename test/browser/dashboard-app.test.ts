import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { openPage as openWatchedPage, signIn as signInAs } from '../support/dashboard-browser.ts'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { createUserWithRole, login, tokenHeaders } from '../support/dashboard.ts'
import { payPayment } from '../support/payments.ts'
import { totpCode } from '../../src/lib/totp.ts'
import { DASHBOARD_CSP, ensureDashboardBuilt } from '../../src/modules/dashboard-app/index.ts'
// The merchant dashboard (web/dashboard) as kassa serve builds and serves it, driven in Chromium.
// Screenshots of every page: npm run docs:screenshots (scripts/screenshots.ts).

let p: TestPlatform & { baseUrl: string }
let m: Merchant
let browser: Browser | undefined

beforeAll(async () => {
  await ensureDashboardBuilt()
  p = await startListeningPlatform()
  m = await createMerchantFixture(p.ctx)
  // Two settled sandbox payments, so the overview has balances and activity to show.
  for (const quantity of [1, 3]) {
    const c = await createCheckoutViaApi(
      p.app,
      m.sandboxKey,
      checkoutBody(m.productId, { products: [{ id: m.productId, quantity }] }),
    )
    await payPayment(p.ctx, c.transaction_id, { settled: true })
  }
  if (hasChromium) browser = await launchChromium()
}, 240_000) // A first Vite build measured 11–36 s on the loaded 2-core machine.
afterAll(async () => {
  await browser?.close()
  await p?.close()
})

const openPage = (viewport?: { width: number; height: number }) => openWatchedPage(browser!, viewport)
const signIn = (page: Page, email: string, password: string) => signInAs(page, p.baseUrl, email, password)

describe('serving /dashboard/', () => {
  test('index.html with a strict CSP and no inline script; any app path falls back to it; a missing asset is 404', async () => {
    const index = await p.app.inject({ url: '/dashboard/' })
    expect(index.statusCode).toBe(200)
    expect(index.headers['content-security-policy']).toBe(DASHBOARD_CSP)
    expect(index.headers['content-security-policy']).toContain("script-src 'self'")
    const scripts = index.body.match(/<script[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toMatch(/src="\/dashboard\/assets\/[^"]+\.js"/)
    expect(index.body).not.toMatch(/https?:\/\//)

    const deep = await p.app.inject({ url: '/dashboard/payments/TX123' })
    expect([deep.statusCode, deep.body]).toEqual([200, index.body])
    const scriptUrl = scripts[0]!.match(/src="([^"]+)"/)![1]
    const script = await p.app.inject({ url: scriptUrl })
    expect(script.headers['content-type']).toContain('javascript')
    expect(script.headers['cache-control']).toContain('immutable')
    // React's production build even under vitest's NODE_ENV=test: no dev JSX, no development warnings.
    expect(script.body).not.toContain('jsxDEV')
    expect(script.body).not.toContain('is deprecated in plain JavaScript React classes')
    // Precompressed copies: brotli when accepted, gzip otherwise (test/api/static-assets.test.ts has the details).
    const brotli = await p.app.inject({ url: scriptUrl, headers: { 'accept-encoding': 'gzip, br' } })
    expect([brotli.headers['content-encoding'], brotli.headers.vary]).toEqual(['br', 'accept-encoding'])
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(script.body)
    const gzipped = await p.app.inject({ url: scriptUrl, headers: { 'accept-encoding': 'gzip' } })
    expect([gzipped.headers['content-encoding'], gzipped.headers.vary]).toEqual(['gzip', 'accept-encoding'])
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(script.body)
    expect(gzipped.rawPayload.length).toBeLessThan(script.rawPayload.length / 2)
    expect((await p.app.inject({ url: '/dashboard/assets/missing.js' })).statusCode).toBe(404)
    expect((await p.app.inject({ url: '/dashboard' })).headers.location).toBe('/dashboard/')
  })

  test('a second start with unchanged sources does not rebuild', async () => {
    expect(await ensureDashboardBuilt()).toMatchObject({ built: false })
  })

  test('GET /api/platform/ names the platform without credentials', async () => {
    const res = await p.app.inject({ url: '/api/platform/' })
    expect([res.statusCode, res.json()]).toEqual([200, { name: 'Kassa', email_outbox: true }])
  })
})

describe.skipIf(!hasChromium)('merchant dashboard in Chromium', () => {
  test('sign in, overview, create an API key and see the raw key once, sign out', async () => {
    const { page, problems } = await openPage()
    await signIn(page, m.email, m.password)
    await page.getByRole('heading', { name: 'Overview' }).waitFor()
    await page.getByRole('cell', { name: /^TX/ }).first().waitFor()
    const overview = await page.locator('body').innerText()
    // Platform name, organization, 2 payments of 25.00 + 75.00 USD (gross volume 100.00), their ledger movements.
    for (const shown of [
      'Kassa',
      `Shop ${m.email}`,
      'Balances',
      'USD available',
      'Gross volume (USD)',
      '$100.00',
      'Recent activity',
      'Payment received',
    ])
      expect(overview).toContain(shown)

    await page.getByRole('link', { name: 'API keys' }).click()
    expect(new URL(page.url()).pathname).toBe('/dashboard/api-keys')
    // The list follows the header's environment (sandbox first): one key each.
    await page.getByRole('row').filter({ hasText: 'sk_test_' }).waitFor()
    await expect(page.getByRole('row').filter({ hasText: 'sk_' }).count()).resolves.toBe(1)
    await page.getByLabel('Environment', { exact: true }).selectOption('production')
    await page.getByRole('row').filter({ hasText: 'sk_live_' }).waitFor()
    await expect(page.getByText('Test mode').count()).resolves.toBe(0)
    await page.getByRole('button', { name: 'Create API key' }).click()
    await page.getByLabel('Name', { exact: true }).fill('Shop backend')
    await page.getByLabel('payments:read').check()
    await page.getByLabel('refunds:read').check()
    await page.getByRole('button', { name: 'Create key' }).click()
    const rawKey = (await page.getByTestId('raw-key').innerText()).trim()
    expect(rawKey).toMatch(/^sk_live_/)

    // The server agrees: one more key, production, those scopes, and its prefix begins the raw key.
    const token = await login(p.app, m.email, m.password)
    const keys = (
      await p.app.inject({ url: '/api/organization/api-keys/', headers: tokenHeaders(token) })
    ).json() as any[]
    const created = keys.find((k) => k.name === 'Shop backend')
    expect(created).toMatchObject({
      environment: 'production',
      scopes: ['payments:read', 'refunds:read'],
      status: 'active',
    })
    expect(rawKey.startsWith(created.prefix)).toBe(true)
    await page.getByRole('row').filter({ hasText: 'Shop backend' }).waitFor()

    // Shown once: gone after "I have saved it", and not back after a reload (the session survives it).
    await page.getByRole('button', { name: 'I have saved it' }).click()
    expect(await page.locator('body').innerText()).not.toContain(rawKey)
    await page.reload()
    await page.getByRole('row').filter({ hasText: 'Shop backend' }).waitFor()
    expect(await page.content()).not.toContain(rawKey)

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('button', { name: 'Sign in' }).waitFor()
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
    expect(problems).toEqual([])
    await page.close()
  })

  test('an account with 2FA gets the "Authentication code" step; a wrong password is refused; usable at 360 px', async () => {
    const owner = await createMerchantFixture(p.ctx)
    const token = await login(p.app, owner.email, owner.password)
    const setup = (
      await p.app.inject({ method: 'POST', url: '/api/auth/2fa/setup/', headers: tokenHeaders(token) })
    ).json()
    const enabled = await p.app.inject({
      method: 'POST',
      url: '/api/auth/2fa/enable/',
      headers: tokenHeaders(token),
      payload: { code: totpCode(setup.secret, p.clock.now()) },
    })
    expect(enabled.statusCode).toBe(200)

    const { page, problems } = await openPage({ width: 360, height: 740 })
    await signIn(page, owner.email, 'not the password')
    await page.getByRole('alert').waitFor()
    await page.getByLabel('Password').fill(owner.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    // The enrollment code's 30 s step is spent (no replay): sign in with the next step's code.
    p.clock.advance(30_000)
    await page.getByLabel('Authentication code').fill(totpCode(setup.secret, p.clock.now()))
    await page.getByRole('button', { name: 'Verify' }).click()
    await page.getByRole('heading', { name: 'Overview' }).waitFor()
    p.clock.advance(-30_000)
    // Nothing wider than the phone: the page never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    expect(problems).toEqual(['401 POST /api/auth/login/'])
    await page.close()
  })

  test('a viewer reads every page but gets no controls to change keys, products or the profile', async () => {
    const viewer = await createUserWithRole(p.ctx, p.app, m.organizationId, 'viewer')
    const { page, problems } = await openPage()
    await signIn(page, viewer.email, viewer.password)
    await page.getByRole('heading', { name: 'Overview' }).waitFor()
    await page.getByRole('link', { name: 'API keys' }).click()
    await page.getByRole('row').filter({ hasText: 'sk_' }).first().waitFor()
    await expect(page.getByRole('button', { name: /Create API key|Rotate|Revoke/ }).count()).resolves.toBe(0)
    await page.getByRole('link', { name: 'Products' }).click()
    await page.getByRole('row').filter({ hasText: 'T-shirt' }).waitFor()
    await expect(page.getByRole('button', { name: /New product|Archive/ }).count()).resolves.toBe(0)
    await page.getByRole('link', { name: 'Settings' }).click()
    await expect(page.getByLabel('Organization name').isDisabled()).resolves.toBe(true)
    await expect(page.getByRole('button', { name: 'Save changes' }).count()).resolves.toBe(0)
    expect(problems).toEqual([])
    await page.close()
  })

  test('payments: the list shows the two paid payments; a row opens its detail', async () => {
    const { page, problems } = await openPage()
    await signIn(page, m.email, m.password)
    await page.getByRole('link', { name: 'Payments' }).click()
    const rows = page.getByRole('row').filter({ hasText: 'ada@example.com' })
    await rows.first().waitFor()
    await expect(rows.count()).resolves.toBe(2)
    expect(await page.locator('tbody').innerText()).toMatch(/\$75\.00[\s\S]*\$25\.00/)
    await page.getByRole('link', { name: /^TX/ }).last().click()
    await page.getByRole('heading', { name: 'Amounts' }).waitFor()
    const detail = await page.locator('main').innerText()
    for (const shown of ['Charged', '$25.00', 'Ada Lovelace', 'visa •••• 4242', '1 × T-shirt'])
      expect(detail).toContain(shown)
    await page.getByRole('link', { name: '← All payments' }).click()
    await rows.first().waitFor()
    expect(problems).toEqual([])
    await page.close()
  })

  test('a payment link and a webhook endpoint created from their pages; the secret shown once', async () => {
    const { page, problems } = await openPage()
    page.on('dialog', (dialog) => dialog.accept())
    await signIn(page, m.email, m.password)
    await page.getByRole('link', { name: 'Payment links' }).click()
    await page.getByRole('button', { name: 'New payment link' }).click()
    await page.getByLabel('Name', { exact: true }).fill('Summer sale')
    await page.getByLabel('Product').selectOption({ label: 'T-shirt' })
    await page.getByLabel('Quantity').fill('2')
    await page.getByRole('button', { name: 'Create link' }).click()
    const link = page.getByRole('row').filter({ hasText: 'Summer sale' })
    await link.waitFor()
    expect(await link.innerText()).toContain('$50.00')
    await expect(link.getByRole('link', { name: /\/l\// }).getAttribute('href')).resolves.toMatch(
      new RegExp(`^${p.baseUrl}/l/[0-9a-f-]{36}$`),
    )

    await page.getByRole('link', { name: 'Webhooks' }).click()
    await page.getByRole('button', { name: 'Add endpoint' }).click()
    await page.getByLabel('Endpoint URL').fill('http://127.0.0.1:9/hooks')
    await page.getByRole('button', { name: 'Add endpoint' }).click()
    const secret = (await page.locator('code').filter({ hasText: 'whsec_' }).innerText()).trim()
    await page.getByRole('button', { name: 'I have saved it' }).click()
    await page.getByRole('button', { name: 'Send a test event to http://127.0.0.1:9/hooks' }).click()
    await page.getByRole('cell', { name: /webhook\.test/ }).waitFor()
    expect(await page.content()).not.toContain(secret)
    expect(problems).toEqual([])
    await page.close()
  })
})
