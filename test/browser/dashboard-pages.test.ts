import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { hasChromium, launchChromium, startListeningPlatform } from '../support/browser.ts'
import { openPage, seriousViolations, signIn, type WatchedPage } from '../support/dashboard-browser.ts'
import {
  DASHBOARD_PAGES,
  type DashboardPage,
  ID_SOURCES,
  pagePath,
  pageReady,
  ROUTE_TABLE,
  SCREENSHOTS,
  screenshotFile,
  VARIANTS,
} from '../support/dashboard-pages.ts'
import { type DashboardSeed, seedDashboard } from '../support/dashboard-seed.ts'
import { elementsPastRightEdge, focusSweep, horizontalOverflow } from '../support/page-checks.ts'
import type { TestPlatform } from '../support/platform.ts'
import { ensureDashboardBuilt } from '../../src/modules/dashboard-app/dashboard-build.ts'

// Every page of the dashboard (read from ROUTES in web/dashboard/src/routes.tsx, so a page added there
// is checked too), light and dark, at 1280 px and 360 px: no horizontal overflow, no axe-core violation
// of impact serious or critical, every control reachable with Tab and showing where the focus is.

let p: TestPlatform & { baseUrl: string }
let seed: DashboardSeed
let browser: Browser | undefined
let signedIn: WatchedPage

beforeAll(async () => {
  await ensureDashboardBuilt()
  p = await startListeningPlatform()
  seed = await seedDashboard(p)
  if (!hasChromium) return
  browser = await launchChromium()
  signedIn = await openPage(browser)
  const m = seed.fixture.merchant
  await signIn(signedIn.page, p.baseUrl, m.email, m.password)
  await signedIn.page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor()
}, 300_000)
afterAll(async () => {
  await browser?.close()
  await p?.close()
})

describe('the page list', () => {
  test('comes from ROUTES, and every side-navigation link is one of its pages', () => {
    expect(ROUTE_TABLE.routes).toContain('/')
    expect(ROUTE_TABLE.routes).toContain('/payments/:id')
    expect(ROUTE_TABLE.navigation.filter((path) => !ROUTE_TABLE.routes.includes(path))).toEqual([])
  })

  test('the dashboard stylesheets take every colour from the design tokens (or dark mode misses it)', () => {
    const dir = new URL('../../web/dashboard/src/', import.meta.url)
    const literals = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.css'))
      .flatMap((file) =>
        readFileSync(new URL(file, dir), 'utf8')
          .split('\n')
          .map((line, i) => [`${file}:${i + 1}`, line] as const)
          .filter(([, line]) => /#[0-9a-f]{3,8}\b|\b(rgba?|hsla?)\(|(?<![\w-])(white|black)(?![\w-])/i.test(line))
          .map(([where, line]) => `${where} ${line.trim()}`),
      )
    expect(literals).toEqual([])
  })

  test('the dashboard guide shows every page light, dark and at 360 px (else run npm run docs:screenshots)', () => {
    const guide = readFileSync(new URL('../../docs/guides/dashboard.md', import.meta.url), 'utf8')
    const missing = DASHBOARD_PAGES.flatMap((page) => SCREENSHOTS.map((shot) => screenshotFile(page, shot))).filter(
      (file) => !guide.includes(`](../screenshots/${file})`),
    )
    expect(missing).toEqual([])
  })

  test('an :id route without an id source fails with a message saying where to add one', async () => {
    const unknown: DashboardPage = { name: 'gadgets-detail', title: 'Gadgets: detail', pattern: '/gadgets/:id' }
    await expect(pagePath(unknown, seed)).rejects.toThrow(
      /add an entry to ID_SOURCES in test\/support\/dashboard-pages\.ts/,
    )
    expect(Object.keys(ID_SOURCES)).toContain('/refunds/:id')
  })
})

describe.skipIf(!hasChromium)('every dashboard page in Chromium', () => {
  test.each(DASHBOARD_PAGES.map((page) => [page.name, page] as const))(
    '%s: light and dark, 1280 px and 360 px',
    async (_, page) => {
      const path = await pagePath(page, seed)
      const watched = page.signedOut ? await openPage(browser!) : signedIn
      const tab = watched.page
      const problemsBefore = watched.problems.length
      const failures: string[] = []
      for (const variant of VARIANTS) {
        await tab.setViewportSize(variant.viewport)
        await tab.emulateMedia({ colorScheme: variant.colorScheme })
        await tab.goto(`${p.baseUrl}/dashboard${path}`)
        await pageReady(tab)
        const where = `${path} (${variant.name})`
        for (const v of await seriousViolations(tab)) failures.push(`${where}: axe ${v}`)
        const overflow = await horizontalOverflow(tab)
        if (overflow > 0)
          failures.push(`${where}: ${overflow}px horizontal overflow: ${(await elementsPastRightEdge(tab)).join('; ')}`)
        const focus = await focusSweep(tab)
        for (const el of focus.unreached) failures.push(`${where}: Tab never reaches ${el}`)
        for (const el of focus.noVisibleFocus) failures.push(`${where}: no visible focus on ${el}`)
      }
      failures.push(...watched.problems.slice(problemsBefore).map((x) => `${path}: ${x}`))
      if (page.signedOut) await tab.close()
      // The list in the message: vitest would otherwise fold equal-length failures of several pages into one.
      expect(failures.join('\n')).toBe('')
    },
    300_000,
  )
})
