import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { goTo, openPage, signIn } from '../support/dashboard-browser.ts'
import { login, tokenHeaders } from '../support/dashboard.ts'
import { createMerchantFixture, type Merchant, type TestPlatform } from '../support/platform.ts'
import { totpCode } from '../../src/lib/totp.ts'
import { ensureDashboardBuilt } from '../../src/modules/dashboard-app/dashboard-build.ts'

// The Security page as a merchant: 2FA enrollment (codes computed here from the shown secret),
// recovery codes, password change and session revocation.

let p: TestPlatform & { baseUrl: string }
let m: Merchant
let browser: Browser | undefined

beforeAll(async () => {
  await ensureDashboardBuilt()
  p = await startListeningPlatform()
  m = await createMerchantFixture(p.ctx)
  if (hasChromium) browser = await launchChromium()
}, 240_000)
afterAll(async () => {
  await browser?.close()
  await p?.close()
})

describe.skipIf(!hasChromium)('security in Chromium', () => {
  test('2FA: enroll with the QR code’s secret → recovery codes once → sign out → sign in with a code → turn off', async () => {
    const { page, problems } = await openPage(browser!)
    await signIn(page, p.baseUrl, m.email, m.password)
    await goTo(page, 'Security')
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click()
    // isVisible() does not wait: the QR code appears once the setup request has answered.
    await page.getByRole('img', { name: 'QR code of your authenticator setup' }).waitFor({ state: 'visible' })
    const secret = (await page.getByTestId('totp-secret').innerText()).trim()
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/)

    // A wrong code is refused; the right one turns 2FA on and shows the recovery codes once.
    await page
      .getByLabel('Authentication code')
      .fill('000000' === totpCode(secret, p.clock.now()) ? '111111' : '000000')
    await page.getByRole('button', { name: 'Turn on' }).click()
    await page.getByRole('alert').waitFor()
    await page.getByLabel('Authentication code').fill(totpCode(secret, p.clock.now()))
    await page.getByRole('button', { name: 'Turn on' }).click()
    const region = page.getByRole('region', { name: 'Recovery codes' })
    await region.waitFor()
    const codes = (await region.getByRole('listitem').allInnerTexts()).map((c) => c.trim())
    expect(codes.length).toBeGreaterThanOrEqual(8)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      region.getByRole('button', { name: 'Download' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('recovery-codes.txt')
    expect((await readFile((await download.path())!, 'utf8')).trim().split('\n')).toEqual(codes)
    await region.getByRole('button', { name: 'I have saved them' }).click()
    await page.getByText(`${codes.length} recovery codes left.`).waitFor()
    expect(await page.content()).not.toContain(codes[0])

    // Sign out, then in again: the password alone is not enough; a fresh code (next 30 s step) is.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await signIn(page, p.baseUrl, m.email, m.password)
    p.clock.advance(30_000)
    await page.getByLabel('Authentication code').fill(totpCode(secret, p.clock.now()))
    await page.getByRole('button', { name: 'Verify' }).click()
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor()

    // Turning it off needs a code too: a recovery code works (once).
    await goTo(page, 'Security')
    await page.getByLabel('Authentication code').fill(codes[0])
    await page.getByRole('button', { name: 'Turn off two-factor authentication' }).click()
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).waitFor()
    p.clock.advance(-30_000)
    expect(problems).toEqual(['400 POST /api/auth/2fa/enable/'])
    await page.close()
  })

  test('password change signs other sessions out; a session is revoked from the list', async () => {
    const user = await createMerchantFixture(p.ctx)
    const elsewhere = await login(p.app, user.email, user.password)
    const other = await login(p.app, user.email, user.password)
    const { page, problems } = await openPage(browser!)
    await signIn(page, p.baseUrl, user.email, user.password)
    await goTo(page, 'Security')
    const rows = page.getByRole('region', { name: 'Active sessions' }).getByRole('row')
    await expect.poll(() => rows.count()).toBe(4) // a header and three sessions
    await rows.filter({ hasText: 'this device' }).waitFor()
    const sessions = (await p.app.inject({ url: '/api/auth/sessions/', headers: tokenHeaders(other) })).json()
    const target = sessions.find((s: { current: boolean }) => s.current).id
    await page.getByRole('button', { name: `Sign out session ${target}` }).click()
    await expect.poll(() => rows.count()).toBe(3)
    expect((await p.app.inject({ url: '/api/auth/me/', headers: tokenHeaders(other) })).statusCode).toBe(401)

    await page.getByLabel('Current password').fill(user.password)
    await page.getByLabel('New password', { exact: true }).fill('a much longer passphrase')
    await page.getByLabel('Repeat the new password').fill('a much longer passphrase')
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.getByText('Password changed; 1 other session was signed out.').waitFor()
    expect((await p.app.inject({ url: '/api/auth/me/', headers: tokenHeaders(elsewhere) })).statusCode).toBe(401)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await signIn(page, p.baseUrl, user.email, 'a much longer passphrase')
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor()
    expect(problems).toEqual([])
    await page.close()
  })
})
