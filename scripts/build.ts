// `npm run build`: everything `NODE_ENV=production` runs, into dist/ (git-ignored):
//   dist/server/    src/ bundled by esbuild (npm packages stay in node_modules): no tsx at run time
//   dist/checkout/  the hosted checkout page's script and stylesheet (esbuild), with .br/.gz copies
//   dist/dashboard/ the merchant dashboard (Vite), with .br/.gz copies
//   dist/build.json the hash (and stat fingerprint) of the sources it was made from (bin/build-state.mjs), written last
// The checkout assets and the dashboard are rebuilt only when their own sources changed; the server
// bundle (about a second) always. `npm start` runs this when dist/ is missing or stale.
import { build } from 'esbuild'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  BUILD_DIR,
  BUILD_ENTRY,
  BUILD_STAMP,
  INSTALL_ROOT,
  sourceFingerprint,
  sourceHash,
} from '../bin/build-state.mjs'
import { loadPageAssets } from '../src/modules/checkout/page-assets.ts'
import { ensureDashboardBuilt } from '../src/modules/dashboard-app/index.ts'

const SERVER_DIR = join(BUILD_DIR, 'server')

// Bundled in: pure JavaScript shipped as hundreds of small ES modules, whose resolution and loading cost
// more than their code (Kysely 210 ms, TypeBox 120 ms of CPU at each start). Every other package stays
// in node_modules, loaded as it is published (some find their own files on disk: PGlite, swagger-ui).
const BUNDLED = ['kysely', '@sinclair/typebox']
const pkg = JSON.parse(readFileSync(join(INSTALL_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
}
const external = Object.keys(pkg.dependencies)
  .filter((name) => !BUNDLED.includes(name))
  .flatMap((name) => [name, `${name}/*`])

async function buildServer(): Promise<void> {
  const staging = `${SERVER_DIR}.tmp-${process.pid}`
  await rm(staging, { recursive: true, force: true })
  await build({
    absWorkingDir: INSTALL_ROOT,
    entryPoints: { main: 'src/cli/main.ts' },
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Dynamic imports (PGlite, the migrations, the fake Inflow) stay separate chunks, loaded when used.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    // Stack traces point at src/ with `NODE_OPTIONS=--enable-source-maps`.
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  })
  // Renamed over the old one: a process starting meanwhile loads one whole bundle or the other.
  const old = `${SERVER_DIR}.old-${process.pid}`
  if (existsSync(SERVER_DIR)) await rename(SERVER_DIR, old)
  await rename(staging, SERVER_DIR)
  await rm(old, { recursive: true, force: true })
}

const started = performance.now()
const step = async (name: string, run: () => Promise<unknown>) => {
  const at = performance.now()
  await run()
  process.stdout.write(`  ${name.padEnd(10)} ${Math.round(performance.now() - at)} ms\n`)
}
// Read first, the stat fingerprint before the hash: a source edited during the build leaves the build
// stale, never falsely current.
const fingerprint = sourceFingerprint()
const hash = sourceHash()
await mkdir(BUILD_DIR, { recursive: true })
await rm(BUILD_STAMP, { force: true })
process.stdout.write('Building Kassa into dist/\n')
await step('checkout', () => loadPageAssets())
await step('dashboard', () => ensureDashboardBuilt())
await step('server', () => buildServer())
await writeFile(
  BUILD_STAMP,
  `${JSON.stringify({ hash, built_at: new Date().toISOString(), entry: 'dist/server/main.mjs', fingerprint }, null, 2)}\n`,
)
process.stdout.write(`Built in ${Math.round(performance.now() - started)} ms: ${BUILD_ENTRY}\n`)
