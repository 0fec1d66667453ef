import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { goTo, openPage, scrollWidth, seriousViolations, signIn } from '../support/dashboard-browser.ts'
import { createUserWithRole, login, tokenHeaders } from '../support/dashboard.ts'
import { createMerchantFixture, type Merchant, type TestPlatform } from '../support/platform.ts'
import { ensureDashboardBuilt } from '../../src/modules/dashboard-app/dashboard-build.ts'

// Organization settings (profile, pricing mode, time zone, dunning) and the audit log page, as a merchant.

let p: TestPlatform & { baseUrl: string }
let m: Merchant
let browser: Browser | undefined
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies read by the test
let organization: () => Promise<any>

beforeAll(async () => {
  await ensureDashboardBuilt()
  p = await startListeningPlatform()
  m = await createMerchantFixture(p.ctx)
  const token = await login(p.app, m.email, m.password)
  organization = async () => (await p.app.inject({ url: '/api/organization/', headers: tokenHeaders(token) })).json()
  if (hasChromium) browser = await launchChromium()
}, 240_000)
afterAll(async () => {
  await browser?.close()
  await p?.close()
})

/** The accessible description of a labelled control: its hint, then the server's error about it. */
const describedBy = (page: Page, label: string) =>
  page.getByLabel(label).evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  )

describe.skipIf(!hasChromium)('settings and audit log in Chromium', () => {
  test('profile, pricing mode, time zone and dunning saved with PATCH; the server’s field errors shown', async () => {
    const { page, problems } = await openPage(browser!)
    await signIn(page, p.baseUrl, m.email, m.password)
    await goTo(page, 'Settings', 'Organization settings')
    await page.getByLabel('Organization name').fill('Ada’s Shop')
    await page.getByLabel('Website').fill('https://shop.example.com')
    await page.getByLabel('Contact email').fill('hello@shop.example.com')
    await page.getByLabel('Telegram').fill('a!')
    await page.getByLabel('Prices are entered').selectOption('TTC')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect(page.getByRole('alert').innerText()).resolves.toBe('Correct the fields marked above.')
    await expect(describedBy(page, 'Telegram')).resolves.toMatch(/^e\.g\. @myshop .+/)
    await expect(page.getByLabel('Telegram').getAttribute('aria-invalid')).resolves.toBe('true')
    await page.getByLabel('Telegram').fill('@adashop')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    expect(await organization()).toMatchObject({
      name: 'Ada’s Shop',
      website: 'https://shop.example.com',
      contact_email: 'hello@shop.example.com',
      telegram: '@adashop',
      price_mode: 'TTC',
    })

    const zones = await page.getByLabel('Time zone').locator('option').allInnerTexts()
    expect(zones).toEqual(expect.arrayContaining(['UTC', 'Europe/Paris', 'America/New_York']))
    await page.getByLabel('Time zone').selectOption('Europe/Paris')
    await page.getByLabel('Retry days').fill('5, 2')
    await page.getByLabel('After the last failed retry').selectOption('pause')
    await page.getByRole('button', { name: 'Save billing settings' }).click()
    await expect(describedBy(page, 'Retry days')).resolves.toMatch(/Retry days must increase \(e\.g\. \[1, 3, 7\]\)\.$/)
    await expect(page.getByRole('alert').innerText()).resolves.toBe('Correct the fields marked above.')
    expect((await organization()).timezone).toBe('UTC')
    await page.getByLabel('Retry days').fill('2, 5, 9')
    await page.getByRole('button', { name: 'Save billing settings' }).click()
    await page.getByRole('status').filter({ hasText: 'Billing settings saved.' }).waitFor()
    expect(await organization()).toMatchObject({
      timezone: 'Europe/Paris',
      dunning: { retry_days: [2, 5, 9], final_action: 'pause' },
    })
    expect(await seriousViolations(page)).toEqual([])
    await page.reload()
    await expect(page.getByLabel('Time zone').inputValue()).resolves.toBe('Europe/Paris')
    await expect(page.getByLabel('Retry days').inputValue()).resolves.toBe('2, 5, 9')
    expect(problems).toEqual(['400 PATCH /api/organization/', '400 PATCH /api/organization/'])
    await page.close()
  })

  test('the audit log lists the writes with who and what changed; filters and paging', async () => {
    const token = await login(p.app, m.email, m.password)
    for (let i = 0; i < 26; i++)
      await p.app.inject({
        method: 'PATCH',
        url: '/api/organization/',
        headers: tokenHeaders(token),
        payload: { name: `Shop ${i}` },
      })
    const { page, problems } = await openPage(browser!)
    await signIn(page, p.baseUrl, m.email, m.password)
    await goTo(page, 'Audit log')
    const rows = page.getByRole('row').filter({ hasText: 'organization.updated' })
    await rows.first().waitFor()
    await expect(rows.first().innerText()).resolves.toContain('name: "Shop 24" → "Shop 25"')
    await expect(rows.first().innerText()).resolves.toContain(m.email)
    await page.getByText(/^Page 1 of \d+ · \d+ in all$/).waitFor()
    await page.getByRole('button', { name: 'Next' }).click()
    await page.getByText(/^Page 2 of/).waitFor()
    await page.getByLabel('Action').fill('no.such.action')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.getByText('No audit entry matches.').waitFor()
    await page.getByLabel('Action').fill('organization.updated')
    await page.getByLabel('Target type').fill('organization')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.getByText(/^Page 1 of 2 · 2[89] in all$/).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    expect(problems).toEqual([])
    await page.close()

    // 360 px: settings and the audit log fit.
    const mobile = await openPage(browser!, { width: 360, height: 800 })
    await signIn(mobile.page, p.baseUrl, m.email, m.password, '/dashboard/audit-log')
    await mobile.page.getByRole('row').nth(1).waitFor()
    expect(await scrollWidth(mobile.page)).toBeLessThanOrEqual(360)
    await mobile.page.goto(`${p.baseUrl}/dashboard/settings`)
    await mobile.page.getByLabel('Retry days').waitFor()
    expect(await scrollWidth(mobile.page)).toBeLessThanOrEqual(360)
    await mobile.page.close()
  })

  test('a viewer reads the settings, cannot edit them, and has no audit log link', async () => {
    const viewer = await createUserWithRole(p.ctx, p.app, m.organizationId, 'viewer')
    const { page } = await openPage(browser!)
    await signIn(page, p.baseUrl, viewer.email, viewer.password)
    await goTo(page, 'Settings', 'Organization settings')
    await expect(page.getByLabel('Time zone').isDisabled()).resolves.toBe(true)
    expect(await page.getByRole('button', { name: 'Save billing settings' }).count()).toBe(0)
    const nav = page.getByRole('navigation', { name: 'Dashboard' })
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0)
    await nav.getByRole('link', { name: 'Team' }).waitFor()
    await page.close()
  })
})
