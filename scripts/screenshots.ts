// Screenshots of every dashboard page: `npm run docs:screenshots` (re-runnable from a clean checkout;
// overwrites the files). The pages come from the app's route table and the data from the same seed as
// the page checks (test/support/dashboard-pages.ts, test/support/dashboard-seed.ts): each page light,
// dark and 360 px wide, as docs/screenshots/dashboard-<page>-{light,dark,mobile}.png, and the gallery
// in docs/guides/dashboard.md rewritten to show exactly those. Viewport-sized, not full-page, so long
// lists stay small files.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { launchChromium, startListeningPlatform } from '../test/support/browser.ts'
import {
  DASHBOARD_PAGES,
  pagePath,
  pageReady,
  SCREENSHOTS as SHOTS,
  screenshotFile as file,
} from '../test/support/dashboard-pages.ts'
import { seedDashboard } from '../test/support/dashboard-seed.ts'
import { ensureDashboardBuilt } from '../src/modules/dashboard-app/index.ts'

const OUT = 'docs/screenshots'
const GUIDE = 'docs/guides/dashboard.md'
const START = '<!-- screenshots:start (written by npm run docs:screenshots) -->'
const END = '<!-- screenshots:end -->'

await ensureDashboardBuilt()
const p = await startListeningPlatform()
const browser = await launchChromium()
const written = new Set<string>()
try {
  const seed = await seedDashboard(p)
  const renamed = await seed.fixture.patch('/api/organization/', { name: 'Northwind Coffee Co.' })
  if (renamed.statusCode !== 200) throw new Error(`renaming the organization: ${renamed.statusCode} ${renamed.body}`)
  const context = await browser.newContext()
  const signedIn = await context.newPage()
  await signedIn.goto(`${p.baseUrl}/dashboard/`)
  await signedIn.getByLabel('Email').fill(seed.fixture.merchant.email)
  await signedIn.getByLabel('Password').fill(seed.fixture.merchant.password)
  await signedIn.getByRole('button', { name: 'Sign in' }).click()
  await signedIn.getByRole('heading', { level: 1, name: 'Overview' }).waitFor()
  for (const page of DASHBOARD_PAGES) {
    const path = await pagePath(page, seed)
    const tab = page.signedOut ? await (await browser.newContext()).newPage() : signedIn
    for (const shot of SHOTS) {
      await tab.setViewportSize(shot.viewport)
      await tab.emulateMedia({ colorScheme: shot.colorScheme })
      await tab.goto(`${p.baseUrl}/dashboard${path}`)
      await pageReady(tab)
      await tab.screenshot({ path: `${OUT}/${file(page, shot)}` })
      written.add(file(page, shot))
    }
    if (page.signedOut) await tab.context().close()
    console.log(`${page.name}: ${SHOTS.length} screenshots`)
  }
} finally {
  await browser.close()
  await p.close()
}

// Pages that are gone lose their pictures.
for (const name of await readdir(OUT))
  if (/^dashboard-.*\.png$/.test(name) && !written.has(name)) await rm(`${OUT}/${name}`)

const rows = DASHBOARD_PAGES.map((page) => {
  const cells = SHOTS.map((shot) => `![${page.title}, ${shot.name}](../screenshots/${file(page, shot)})`)
  return `| ${page.title} | ${cells.join(' | ')} |`
})
const gallery = [
  START,
  '',
  `| Page | ${SHOTS.map((s) => s.name).join(' | ')} |`,
  `|---|${SHOTS.map(() => '---|').join('')}`,
  ...rows,
  '',
  END,
]
const guide = await readFile(GUIDE, 'utf8')
const [before, rest] = guide.split(START)
if (rest === undefined || !rest.includes(END)) throw new Error(`${GUIDE} has no ${START} … ${END} section`)
await writeFile(GUIDE, `${before}${gallery.join('\n')}${rest.slice(rest.indexOf(END) + END.length)}`)
console.log(`${written.size} screenshots in ${OUT}, gallery in ${GUIDE}`)
