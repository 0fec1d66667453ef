import type { Browser, Page } from 'playwright-core'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

// Helpers for driving the merchant dashboard in Chromium as a merchant would: by labels and roles.

export interface WatchedPage {
  page: Page
  /** Script errors, console errors and HTTP answers ≥ 400 seen so far. */
  problems: string[]
}

/** A page (own context: fresh storage) that records script errors and failed requests. */
export async function openPage(
  browser: Browser,
  viewport = { width: 1280, height: 860 },
  options: { colorScheme?: 'light' | 'dark' } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, colorScheme: options.colorScheme ?? 'light' })
  const page = await context.newPage()
  page.on('close', () => void context.close().catch(() => {}))
  // Fail at the step that hangs, well inside the test's own timeout.
  page.setDefaultTimeout(15_000)
  const problems: string[] = []
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on(
    'console',
    (msg) =>
      msg.type() === 'error' &&
      !msg.text().startsWith('Failed to load resource') &&
      problems.push(`console: ${msg.text()}`),
  )
  page.on(
    'response',
    (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`),
  )
  return { page, problems }
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string, path = '/dashboard/') {
  await page.goto(`${baseUrl}${path}`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** Follows a side-navigation link and waits for the page heading. */
export async function goTo(page: Page, link: string, heading = link) {
  await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: link, exact: true }).click()
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
}

/** The widest the document gets: more than the viewport means the page scrolls sideways. */
export const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core's violations of impact serious or critical on the current page, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP (no inline script) stays in force for the app.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  const results = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time
    const axe = (window as any).axe
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }))
  })
  return (results as { id: string; impact: string; targets: string[] }[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.targets.slice(0, 3).join(', ')}`)
}
