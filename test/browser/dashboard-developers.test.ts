import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { goTo, openPage, scrollWidth, seriousViolations, signIn } from '../support/dashboard-browser.ts'
import { createUserWithRole, login, tokenHeaders } from '../support/dashboard.ts'
import { apiKeyHeaders, createMerchantFixture, type Merchant, type TestPlatform } from '../support/platform.ts'
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts'
import { ensureDashboardBuilt } from '../../src/modules/dashboard-app/dashboard-build.ts'
import { hmacSha256Hex } from '../../src/lib/crypto.ts'
import { insertEvent } from '../../src/modules/events/index.ts'
import { WebhookDispatcher } from '../../src/modules/webhooks/index.ts'

// The Developers pages, as a merchant: a webhook endpoint's secret, filter, test, deliveries with
// every attempt, resend, replay; the events log; API key rotation with an overlap window, revoke.

let p: TestPlatform & { baseUrl: string }
let m: Merchant
let r: Receiver
let worker: WebhookDispatcher
let browser: Browser | undefined
let token: string

beforeAll(async () => {
  await ensureDashboardBuilt()
  p = await startListeningPlatform()
  m = await createMerchantFixture(p.ctx)
  r = await startReceiver()
  worker = new WebhookDispatcher(p.ctx, { listenUrl: null, pollMs: 100 })
  worker.start()
  token = await login(p.app, m.email, m.password)
  if (hasChromium) browser = await launchChromium()
}, 240_000)
afterAll(async () => {
  await browser?.close()
  await worker?.stop()
  await r?.close()
  await p?.close()
})

const api = async (method: 'GET' | 'POST', url: string, payload?: object) =>
  (await p.app.inject({ method, url, headers: tokenHeaders(token), ...(payload ? { payload } : {}) })).json()

const disabledEvent = () =>
  insertEvent(p.ctx.db, {
    organizationId: m.organizationId,
    environment: 'sandbox',
    type: 'webhook_endpoint.disabled',
    subjectId: 'we_retired',
    payload: {
      endpoint_id: 'we_retired',
      url: 'https://old.example',
      reason: 'Gone',
      disabled_at: new Date().toISOString(),
    },
  })

async function signedIn(viewport?: { width: number; height: number }, who = { email: '', password: '' }) {
  const watched = await openPage(browser!, viewport)
  await watched.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: p.baseUrl })
  await signIn(watched.page, p.baseUrl, who.email || m.email, who.password || m.password)
  await watched.page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor()
  return watched
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText())
const status = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).waitFor()

describe.skipIf(!hasChromium)('developers pages in Chromium', () => {
  test('webhook endpoint: secret once with Copy, event filter, test, attempt detail, Resend, rotate, Replay, disable, delete', async () => {
    const { page, problems } = await signedIn()
    await goTo(page, 'Webhooks')
    await page.getByRole('button', { name: 'Add endpoint' }).click()
    await page.getByLabel('Endpoint URL').fill(r.url)
    await page.getByRole('checkbox', { name: 'refund.status_changed' }).check()
    await page.getByRole('button', { name: 'Add endpoint' }).click()
    const secret = (await page.locator('code').filter({ hasText: 'whsec_' }).innerText()).trim()
    await page.getByRole('button', { name: 'Copy' }).click()
    await page.getByRole('button', { name: 'Copied' }).waitFor()
    expect(await clipboard(page)).toBe(secret)
    await page.getByRole('button', { name: 'I have saved it' }).click()
    await page.getByRole('link', { name: r.url }).click()
    await page.getByRole('heading', { level: 1, name: 'Webhook endpoint' }).waitFor()
    expect(await page.content()).not.toContain(secret)

    // The filter lists every known type; one checked and saved.
    for (const type of ['transaction.status_changed', 'refund.status_changed', 'subscription.updated'])
      await page.getByRole('checkbox', { name: type }).waitFor()
    await expect(page.getByRole('checkbox', { name: 'refund.status_changed' }).isChecked()).resolves.toBe(true)
    await page.getByRole('checkbox', { name: 'refund.status_changed' }).uncheck()
    await page.getByRole('checkbox', { name: 'webhook_endpoint.disabled' }).check()
    await page.getByRole('button', { name: 'Save event types' }).click()
    await status(page, 'Sends 1 event type.')
    const [endpoint] = await api('GET', '/api/organization/webhooks/')
    expect(endpoint.event_types).toEqual(['webhook_endpoint.disabled'])

    // A test event; its delivery opens with the attempt: headers sent, status, duration, body.
    await page.getByRole('button', { name: 'Send test event' }).click()
    await status(page, 'Test event queued.')
    const [first] = await r.waitFor(1)
    await page.getByRole('row').filter({ hasText: 'webhook.test' }).filter({ hasText: 'succeeded' }).waitFor()
    await page.getByRole('link', { name: 'webhook.test' }).click()
    await page.getByRole('heading', { level: 1, name: 'Webhook delivery' }).waitFor()
    await page.getByRole('heading', { name: 'Attempt 1' }).waitFor()
    const attempt = await page.getByRole('article', { name: 'Attempt 1' }).innerText()
    expect(attempt).toContain(`X-Webhook-Signature: ${first.headers['x-webhook-signature']}`)
    expect(attempt).toContain(`X-Webhook-Delivery-Id: ${first.headers['x-webhook-delivery-id']}`)
    expect(attempt).toMatch(/Response status\s+200/)
    expect(attempt).toMatch(/Duration\s+\d+ ms/)
    expect(attempt).toMatch(/Response body\s+ok/)
    expect(await seriousViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Resend' }).click()
    await status(page, 'Resent as a new delivery')
    const [, again] = await r.waitFor(2)
    expect(JSON.parse(again.body).event_id).toBe(JSON.parse(first.body).event_id)
    expect(again.headers['x-webhook-delivery-id']).not.toBe(first.headers['x-webhook-delivery-id'])

    // Rotate: the new secret once, and the next delivery is signed with it.
    await page.getByRole('link', { name: endpoint.id }).click()
    page.once('dialog', (d) => void d.accept())
    await page.getByRole('button', { name: 'Rotate secret' }).click()
    await page.getByRole('heading', { name: `New signing secret for ${r.url}` }).waitFor()
    const rotated = (await page.locator('code').filter({ hasText: 'whsec_' }).innerText()).trim()
    expect(rotated).not.toBe(secret)
    await page.getByRole('button', { name: 'I have saved it' }).click()
    await page.getByRole('button', { name: 'Send test event' }).click()
    const [, , signedNew] = await r.waitFor(3)
    expect(signedNew.headers['x-webhook-signature']).toBe(`sha256=${hmacSha256Hex(rotated, signedNew.body)}`)

    // Replay the last hour: the one event this endpoint takes is sent again (it was sent once already).
    const event = await disabledEvent()
    await expect.poll(() => r.requests.filter((q) => q.body.includes(event.public_id)).length).toBe(1)
    await page.getByRole('button', { name: 'Replay events' }).click()
    await status(page, 'Queued 1 delivery.')
    await expect.poll(() => r.requests.filter((q) => q.body.includes(event.public_id)).length).toBe(2)
    await page.getByRole('row').filter({ hasText: 'webhook_endpoint.disabled' }).filter({ hasText: 'replay' }).waitFor()

    await page.getByRole('button', { name: 'Disable' }).click()
    await status(page, 'Endpoint disabled.')
    await expect(page.getByRole('button', { name: 'Replay events' }).isDisabled()).resolves.toBe(true)
    await page.getByRole('button', { name: 'Enable' }).click()
    await status(page, 'Endpoint enabled.')

    // Delete asks first: dismissed, nothing happens; accepted, back to the list without it.
    page.once('dialog', (d) => void d.dismiss())
    await page.getByRole('button', { name: 'Delete endpoint' }).click()
    await page.getByRole('heading', { level: 1, name: 'Webhook endpoint' }).waitFor()
    page.once('dialog', (d) => void d.accept())
    await page.getByRole('button', { name: 'Delete endpoint' }).click()
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor()
    await page.getByText('No endpoint yet').waitFor()
    expect(problems).toEqual([])
    await page.close()
  })

  test('events: the log with its types, a filter, the detail with payload and deliveries, send again; empty and error states', async () => {
    const endpoint = await api('POST', '/api/organization/webhooks/', { url: r.url })
    const event = await disabledEvent()
    await expect.poll(() => r.requests.filter((q) => q.body.includes(event.public_id)).length).toBe(1)
    const { page, problems } = await signedIn({ width: 360, height: 740 })
    await goTo(page, 'Events')
    const row = page.getByRole('row').filter({ hasText: event.public_id })
    await row.waitFor()
    expect(await row.innerText()).toContain('webhook_endpoint.disabled')
    await page.getByLabel('Event type').selectOption('subscription.updated')
    await page.getByText('No subscription.updated sandbox events yet.').waitFor()
    await page.getByLabel('Event type').selectOption('webhook_endpoint.disabled')
    await row.waitFor()
    const types = await page.locator('tbody tr td:nth-child(2)').allInnerTexts()
    expect(new Set(types)).toEqual(new Set(['webhook_endpoint.disabled']))
    expect(await seriousViolations(page)).toEqual([])

    await page.getByRole('link', { name: event.public_id }).click()
    await page.getByRole('heading', { level: 1, name: 'Event', exact: true }).waitFor()
    // The heading renders before the data arrives, so wait for the text.
    await expect.poll(() => page.getByRole('main').innerText()).toContain(`"event_id": "${event.public_id}"`)
    const delivered = page.getByRole('row').filter({ hasText: r.url })
    await delivered.filter({ hasText: 'succeeded' }).waitFor()
    await page.getByLabel('Endpoint').selectOption(endpoint.id)
    await page.getByRole('button', { name: 'Send event' }).click()
    await status(page, 'Queued')
    await expect.poll(() => r.requests.filter((q) => q.body.includes(event.public_id)).length).toBe(2)
    await expect.poll(() => delivered.count(), { timeout: 15_000 }).toBe(2)
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360)
    expect(await seriousViolations(page)).toEqual([])

    await page.goto(`${p.baseUrl}/dashboard/events/evt_missing`)
    await page.getByRole('alert').filter({ hasText: 'Event not found.' }).waitFor()
    await page.getByRole('button', { name: 'Try again' }).waitFor()
    expect(problems).toEqual(['404 GET /api/organization/events/evt_missing/'])
    await page.close()
  })

  test('API keys: rotate with an overlap window (new key once with Copy, the old one until its expiry), revoke with confirm', async () => {
    const [old] = (await api('GET', '/api/organization/api-keys/?environment=sandbox')) as {
      id: number
      prefix: string
    }[]
    const { page, problems } = await signedIn()
    await goTo(page, 'API keys')
    await page.getByRole('button', { name: `Rotate ${old.prefix}` }).click()
    const overlap = page.getByLabel('Overlap (minutes)')
    await overlap.fill('20000')
    await page.getByRole('alert').filter({ hasText: 'from 0 to 10080' }).waitFor()
    await expect(page.getByRole('button', { name: 'Rotate key' }).isDisabled()).resolves.toBe(true)
    await overlap.fill('90')
    const before = Date.now()
    await page.getByRole('button', { name: 'Rotate key' }).click()
    await page.getByRole('heading', { name: 'Your new sandbox key' }).waitFor()
    const raw = (await page.getByTestId('raw-key').innerText()).trim()
    await page.getByRole('button', { name: 'Copy' }).click()
    expect(await clipboard(page)).toBe(raw)
    await status(page, `The old key ${old.prefix}… keeps working until`)

    const keys = (await api('GET', '/api/organization/api-keys/?environment=sandbox')) as any[]
    const previous = keys.find((k) => k.id === old.id)
    expect(previous.status).toBe('active')
    const expiresIn = new Date(previous.expires_at).getTime() - before
    expect(expiresIn).toBeGreaterThan(89 * 60_000)
    expect(expiresIn).toBeLessThan(91 * 60_000)
    // Both keys work during the overlap.
    for (const key of [m.sandboxKey, raw])
      expect((await p.app.inject({ url: '/api/refunds/', headers: apiKeyHeaders(key) })).statusCode).toBe(200)
    await page.getByRole('button', { name: 'I have saved it' }).click()
    await page.getByRole('row').filter({ hasText: old.prefix }).filter({ hasText: 'Expires' }).waitFor()

    page.once('dialog', (d) => void d.dismiss())
    await page.getByRole('button', { name: `Revoke ${old.prefix}` }).click()
    expect((await p.app.inject({ url: '/api/refunds/', headers: apiKeyHeaders(m.sandboxKey) })).statusCode).toBe(200)
    page.once('dialog', (d) => void d.accept())
    await page.getByRole('button', { name: `Revoke ${old.prefix}` }).click()
    await page.getByRole('row').filter({ hasText: old.prefix }).filter({ hasText: 'revoked' }).waitFor()
    expect((await p.app.inject({ url: '/api/refunds/', headers: apiKeyHeaders(m.sandboxKey) })).statusCode).toBe(401)
    expect(await seriousViolations(page)).toEqual([])
    expect(problems).toEqual([])
    await page.close()
  })

  test('a viewer reads an endpoint, its deliveries and an event, without any control to change or send', async () => {
    const endpoint = await api('POST', '/api/organization/webhooks/', {
      url: r.url,
      event_types: ['webhook_endpoint.disabled'],
    })
    const event = await disabledEvent()
    await expect.poll(() => r.requests.filter((q) => q.body.includes(event.public_id)).length).toBeGreaterThanOrEqual(1)
    const viewer = await createUserWithRole(p.ctx, p.app, m.organizationId, 'viewer')
    const { page, problems } = await signedIn(undefined, viewer)
    await page.goto(`${p.baseUrl}/dashboard/webhooks/${endpoint.id}`)
    await page.getByRole('heading', { level: 1, name: 'Webhook endpoint' }).waitFor()
    await expect(page.getByRole('checkbox', { name: 'webhook_endpoint.disabled' }).isChecked()).resolves.toBe(true)
    await expect(page.getByRole('checkbox', { name: 'webhook_endpoint.disabled' }).isDisabled()).resolves.toBe(true)
    await page
      .getByRole('row')
      .filter({ hasText: 'webhook_endpoint.disabled' })
      .filter({ hasText: 'succeeded' })
      .waitFor()
    const controls = /Disable|Send test event|Rotate secret|Delete endpoint|Save event types|Replay events/
    await expect(page.getByRole('button', { name: controls }).count()).resolves.toBe(0)
    await page.getByRole('link', { name: 'webhook_endpoint.disabled' }).click()
    await page.getByRole('heading', { name: 'Attempt 1' }).waitFor()
    await expect(page.getByRole('button', { name: 'Resend' }).count()).resolves.toBe(0)
    await page.getByRole('link', { name: event.public_id }).click()
    await page.getByRole('heading', { level: 1, name: 'Event', exact: true }).waitFor()
    await page.getByRole('row').filter({ hasText: r.url }).first().waitFor()
    await expect(page.getByRole('button', { name: 'Send event' }).count()).resolves.toBe(0)
    expect(problems).toEqual([])
    await page.close()
  })
})
