import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { goTo, openPage, signIn } from '../support/dashboard-browser.ts'
import { login, tokenHeaders } from '../support/dashboard.ts'
import { createMerchantFixture, type Merchant, type TestPlatform } from '../support/platform.ts'
import { startSmtpServer } from '../support/smtp.ts'
import { ensureDashboardBuilt } from '../../src/modules/dashboard-app/dashboard-build.ts'

// The team, as a merchant: invite by email (read from a real SMTP server), accept, roles, removal.

let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let p: TestPlatform & { baseUrl: string }
let m: Merchant
let browser: Browser | undefined

beforeAll(async () => {
  await ensureDashboardBuilt()
  smtp = await startSmtpServer()
  p = await startListeningPlatform({ SMTP_URL: smtp.url })
  m = await createMerchantFixture(p.ctx)
  if (hasChromium) browser = await launchChromium()
}, 240_000)
afterAll(async () => {
  await browser?.close()
  await p?.close()
  await smtp?.close()
})

/** The accept link of the newest invitation mailed to `to` (quoted-printable undone). */
function invitationLink(to: string): string {
  const mail = [...smtp.received].reverse().find((x) => x.to.includes(to))
  const text = (mail?.raw ?? '').replace(/=\r?\n/g, '').replace(/=3D/g, '=')
  const link = text.match(/https?:\/\/\S+\/dashboard\/accept-invitation\?token=[\w-]+/)?.[0]
  if (!link) throw new Error(`no invitation mailed to ${to}`)
  return link
}

describe.skipIf(!hasChromium)('team in Chromium', () => {
  test('invite → accept with name and password → the new member is signed in with the role; role change, removal, resend, revoke', async () => {
    const owner = await openPage(browser!)
    owner.page.on('dialog', (d) => d.accept())
    await signIn(owner.page, p.baseUrl, m.email, m.password)
    await goTo(owner.page, 'Team')
    await owner.page.getByRole('row').filter({ hasText: m.email }).waitFor()

    const invitee = 'grace@example.com'
    await owner.page.getByLabel('Email address').fill(invitee)
    await owner.page.getByLabel('Role', { exact: true }).selectOption('developer')
    await owner.page.getByRole('button', { name: 'Send invitation' }).click()
    await owner.page
      .getByRole('status')
      .filter({ hasText: `Invitation sent to ${invitee}.` })
      .waitFor()
    await owner.page.getByRole('row').filter({ hasText: invitee }).waitFor()
    await expect.poll(() => smtp.received.filter((x) => x.to.includes(invitee)).length).toBe(1)

    // The invitee opens the link in their own browser, signed out.
    const guest = await openPage(browser!, { width: 360, height: 740 })
    await guest.page.goto(invitationLink(invitee))
    await guest.page.getByText('You are invited to').waitFor()
    // The heading renders before the data arrives, so wait for the text.
    await expect
      .poll(() => guest.page.getByRole('main').innerText())
      .toContain(`as developer, with the email ${invitee}`)
    // The token leaves the address bar once read.
    expect(new URL(guest.page.url()).search).toBe('')
    await guest.page.getByLabel('Your name').fill('Grace Hopper')
    await guest.page.getByLabel('Choose a password').fill('cobol forever 1959')
    await guest.page.getByLabel('Repeat the password').fill('cobol forever 1959')
    await guest.page.getByRole('button', { name: 'Accept and sign in' }).click()
    await guest.page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor()
    // The heading renders before the data arrives, so wait for the text.
    await expect.poll(() => guest.page.getByRole('banner').innerText()).toContain('developer')

    // Signed out and back in with the chosen password: a developer, who sees the team but cannot manage it.
    await guest.page.getByRole('button', { name: 'Sign out' }).click()
    await signIn(guest.page, p.baseUrl, invitee, 'cobol forever 1959')
    await goTo(guest.page, 'Team')
    const self = guest.page.getByRole('row').filter({ hasText: invitee })
    await self.waitFor()
    expect(await self.innerText()).toMatch(/Grace Hopper[\s\S]*developer/)
    await expect(guest.page.getByRole('button', { name: 'Send invitation' }).count()).resolves.toBe(0)
    const token = await login(p.app, invitee, 'cobol forever 1959')
    const me = (await p.app.inject({ url: '/api/auth/me/', headers: tokenHeaders(token) })).json()
    expect([me.role, me.organization_id]).toEqual(['developer', m.organizationId])

    // The owner changes the role, then removes the member; the member's session ends.
    await owner.page.reload()
    await owner.page.getByLabel(`Role of ${invitee}`).selectOption('viewer')
    await expect
      .poll(async () => (await p.app.inject({ url: '/api/auth/me/', headers: tokenHeaders(token) })).json().role)
      .toBe('viewer')
    await owner.page.getByRole('button', { name: `Remove ${invitee}` }).click()
    await expect.poll(() => owner.page.getByRole('row').filter({ hasText: invitee }).count()).toBe(0)
    expect((await p.app.inject({ url: '/api/auth/me/', headers: tokenHeaders(token) })).statusCode).toBe(401)

    // Resend mails a fresh link (the old one stops working); revoke withdraws it.
    const second = 'linus@example.com'
    await owner.page.getByLabel('Email address').fill(second)
    await owner.page.getByRole('button', { name: 'Send invitation' }).click()
    await expect.poll(() => smtp.received.filter((x) => x.to.includes(second)).length).toBe(1)
    const first = invitationLink(second)
    await owner.page.getByRole('button', { name: `Resend the invitation to ${second}` }).click()
    await expect.poll(() => smtp.received.filter((x) => x.to.includes(second)).length).toBe(2)
    expect(invitationLink(second)).not.toBe(first)
    await owner.page.getByRole('button', { name: `Revoke the invitation to ${second}` }).click()
    await owner.page.getByText('No pending invitation.').waitFor()
    const preview = await p.app.inject({
      method: 'POST',
      url: '/api/auth/invitations/preview/',
      payload: { token: new URL(invitationLink(second)).searchParams.get('token') },
    })
    expect(preview.statusCode).toBe(400)

    expect(owner.problems).toEqual([])
    expect(guest.problems).toEqual([])
    await owner.page.close()
    await guest.page.close()
  })
})
