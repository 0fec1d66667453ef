import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import ts from 'typescript'
import type { DashboardSeed } from './dashboard-seed.ts'

// Every page of the merchant dashboard, read from the app's own route table (web/dashboard/src/routes.tsx),
// and a seeded organization that gives each page something to show and each :id route a real id. Shared
// by test/browser/dashboard-pages.test.ts and scripts/screenshots.ts, so a page added to ROUTES is checked
// and photographed without touching either.

const ROUTES_FILE = new URL('../../web/dashboard/src/routes.tsx', import.meta.url)

/**
 * The object literals holding a `path` in the array exported as `name` (nested arrays included), with
 * their string properties. A path that is not a string literal fails: the checks could not open it.
 */
function entriesOf(source: ts.SourceFile, name: string): Record<string, string>[] {
  let array: ts.Expression | undefined
  source.forEachChild(function find(node): void {
    if (ts.isVariableDeclaration(node) && node.name.getText(source) === name) array = node.initializer
    else node.forEachChild(find)
  })
  if (!array) throw new Error(`routes.tsx exports no ${name}`)
  const entries: Record<string, string>[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const entry: Record<string, string> = {}
      for (const prop of node.properties) {
        if (!ts.isPropertyAssignment(prop)) continue
        const key = prop.name.getText(source)
        if (ts.isStringLiteralLike(prop.initializer)) entry[key] = prop.initializer.text
        else if (key === 'path') throw new Error(`${name}: "${prop.getText(source)}" is not a string literal`)
      }
      if (entry.path !== undefined) entries.push(entry)
    }
    node.forEachChild(visit)
  }
  visit(array)
  return entries
}

function readRouteTable() {
  const text = readFileSync(ROUTES_FILE, 'utf8')
  const source = ts.createSourceFile('routes.tsx', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const links = entriesOf(source, 'SECTIONS')
  return {
    routes: entriesOf(source, 'ROUTES').map((r) => r.path),
    navigation: links.map((l) => l.path),
    labels: new Map(links.map((l) => [l.path, l.label ?? l.path])),
  }
}

/** The route patterns of ROUTES ("/payments/:id", …), the side navigation's paths and their labels. */
export const ROUTE_TABLE = readRouteTable()

export interface DashboardPage {
  /** File-name part: "payments-detail" for "/payments/:id", "overview" for "/". */
  name: string
  /** What the guide calls it: the navigation label, "Payments: detail" for a page under one. */
  title: string
  /** The route pattern, or the address of a page outside ROUTES. */
  pattern: string
  /** Pages shown without a session (sign in, accept invitation). */
  signedOut?: boolean
}

export const pageName = (pattern: string) =>
  pattern === '/'
    ? 'overview'
    : pattern
        .slice(1)
        .split('/')
        .map((part) => (part.startsWith(':') ? 'detail' : part))
        .join('-')

function pageTitle(pattern: string): string {
  const label = ROUTE_TABLE.labels.get(pattern)
  if (label) return label
  const parent = pattern.split('/').slice(0, 2).join('/')
  const rest = pattern
    .split('/')
    .slice(2)
    .map((part) => (part.startsWith(':') ? 'detail' : part))
  return `${ROUTE_TABLE.labels.get(parent) ?? parent}: ${rest.join(' ')}`
}

/** Every page: ROUTES, then the pages App.tsx shows outside it. */
export const DASHBOARD_PAGES: DashboardPage[] = [
  ...ROUTE_TABLE.routes.map((pattern) => ({ name: pageName(pattern), title: pageTitle(pattern), pattern })),
  { name: 'not-found', title: 'Page not found', pattern: '/no/such/page' },
  { name: 'sign-in', title: 'Sign in', pattern: '/', signedOut: true },
  { name: 'accept-invitation', title: 'Accept invitation', pattern: '/accept-invitation', signedOut: true },
]

type Json = any

/** The id `get` reads from the first item of a list that has one, or a loud error naming what the seed lacks. */
async function firstOf(seed: DashboardSeed, url: string, get: (item: Json) => string | undefined) {
  const res = await seed.fixture.get(url)
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`)
  const body = res.json()
  const items: Json[] = Array.isArray(body) ? body : (body.data ?? [])
  const id = items.map(get).find(Boolean)
  if (!id) throw new Error(`GET ${url} lists nothing the page can open: seed it in seedDashboard()`)
  return id
}

/**
 * How each `:id` route gets a real id from the seeded organization. A new `:id` route needs an entry
 * here (and, if the seed has nothing for it, a line in seedDashboard), or the page checks fail.
 */
export const ID_SOURCES: Record<string, (seed: DashboardSeed) => Promise<string | Record<string, string>>> = {
  // The refunded payment: its detail shows the refund and the timeline.
  '/payments/:id': (s) => firstOf(s, '/api/organization/refunds/?environment=sandbox', (r) => r.transaction_id),
  '/refunds/:id': (s) => firstOf(s, '/api/organization/refunds/?environment=sandbox', (r) => r.id),
  '/products/:id': (s) => firstOf(s, '/api/products/', (p) => (p.prices.length > 1 ? p.id : undefined)),
  '/payment-links/:id': (s) => firstOf(s, '/api/payment-links/?environment=sandbox', (l) => l.id),
  '/webhooks/:id': (s) => firstOf(s, '/api/organization/webhooks/?environment=sandbox', (w) => w.id),
  '/subscriptions/:id': (s) => firstOf(s, '/api/subscriptions/?environment=sandbox', (x) => x.id),
  '/customers/:id': (s) => firstOf(s, '/api/subscriptions/?environment=sandbox', (x) => x.customer?.id),
  '/webhooks/deliveries/:id': (s) =>
    firstOf(s, '/api/organization/webhooks/deliveries/?environment=sandbox', (d) => d.delivery_id),
  '/events/:id': (s) => firstOf(s, '/api/organization/events/?environment=sandbox', (e) => e.id),
}

/** The address under /dashboard of `page`, with every `:param` filled from ID_SOURCES. */
export async function pagePath(page: DashboardPage, seed: DashboardSeed): Promise<string> {
  if (page.pattern === '/accept-invitation') return seed.invitationPath
  if (!page.pattern.includes('/:')) return page.pattern
  const source = ID_SOURCES[page.pattern]
  if (!source)
    throw new Error(
      `No id for the route ${page.pattern}: add an entry to ID_SOURCES in test/support/dashboard-pages.ts ` +
        '(and seed the data in seedDashboard) so the page checks and screenshots can open it.',
    )
  const ids = await source(seed)
  return page.pattern.replace(/:([^/]+)/g, (_, name: string) => {
    const id = typeof ids === 'string' ? ids : ids[name]
    if (!id) throw new Error(`ID_SOURCES['${page.pattern}'] gives no value for :${name}`)
    return encodeURIComponent(id)
  })
}

/** The four ways every page is checked and photographed. */
export const VARIANTS = [
  { name: 'light', colorScheme: 'light', viewport: { width: 1280, height: 800 } },
  { name: 'dark', colorScheme: 'dark', viewport: { width: 1280, height: 800 } },
  { name: 'mobile', colorScheme: 'light', viewport: { width: 360, height: 780 } },
  { name: 'mobile-dark', colorScheme: 'dark', viewport: { width: 360, height: 780 } },
] as const

/** Waits until the page shows its heading, its requests are done and no "Loading…" state is left. */
export async function pageReady(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor()
  await page.waitForLoadState('networkidle')
  await page.waitForFunction(
    () =>
      ![...document.querySelectorAll('[role="status"]')].some((el) => /^Loading/.test(el.textContent?.trim() ?? '')),
  )
}

/** The variants photographed by npm run docs:screenshots, and each picture's file under docs/screenshots/. */
export const SCREENSHOTS = VARIANTS.filter((v) => v.name !== 'mobile-dark')
export const screenshotFile = (page: DashboardPage, shot: (typeof VARIANTS)[number]) =>
  `dashboard-${page.name}-${shot.name}.png`
