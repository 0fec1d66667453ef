import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { InlineConfig } from 'vite'
import { restoringNodeEnv } from '../../config.ts'
import { BUILD_DIR, INSTALL_ROOT, RUNNING_FROM_BUILD } from '../../lib/install-layout.ts'
import { precompressDirectory } from '../../lib/precompress.ts'

/** web/dashboard: the React app's sources; dist/dashboard/ (git-ignored) holds the built files kassa serves. */
export const DASHBOARD_ROOT = join(INSTALL_ROOT, 'web', 'dashboard')
export const DASHBOARD_DIST = join(BUILD_DIR, 'dashboard')
const STAMP = 'build-stamp.json'

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await sourceFiles(path)))
    else out.push(path)
  }
  return out
}

/**
 * A hash of every source file (and of this builder), not mtimes: a git checkout or a copied tree
 * rewrites mtimes, while the hash changes only when what Vite would read changes.
 */
export async function sourceHash(): Promise<string> {
  const files = [
    join(DASHBOARD_ROOT, 'index.html'),
    ...(await sourceFiles(join(DASHBOARD_ROOT, 'src'))),
    fileURLToPath(import.meta.url),
  ].sort()
  const hash = createHash('sha256')
  for (const file of files)
    hash
      .update(relative(DASHBOARD_ROOT, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0')
  return hash.digest('hex')
}

async function builtHash(): Promise<string | null> {
  try {
    return (JSON.parse(await readFile(join(DASHBOARD_DIST, STAMP), 'utf8')) as { hash: string }).hash
  } catch {
    return null
  }
}

/** The whole Vite configuration: inline, no vite.config file and no plugin. */
function viteConfig(outDir: string): InlineConfig {
  return {
    root: DASHBOARD_ROOT,
    base: '/dashboard/',
    configFile: false,
    envFile: false,
    logLevel: 'warn',
    clearScreen: false,
    mode: 'production',
    // Vite's own esbuild JSX transform: no React plugin needed (no Fast Refresh in a production build).
    // Vite derives "production" from NODE_ENV when that is set (vitest sets "test"), which would bundle
    // React's development build and dev JSX (524 kB instead of 260 kB): the served app is always production.
    esbuild: { jsx: 'automatic', jsxDev: false },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      reportCompressedSize: false,
      modulePreload: { polyfill: false },
      rollupOptions: {
        // TanStack Query marks its files "use client" (for React Server Components); harmless in a browser bundle.
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning)
        },
      },
    },
  }
}

export interface DashboardBuildResult {
  built: boolean
  ms: number
}

/**
 * Builds the dashboard with Vite when dist/dashboard/ is missing or built from other sources; a no-op
 * otherwise, and always when running the build (`npm run build` made it; the sources may be absent).
 * Vite writes to a private folder that is then renamed over dist/dashboard/, so a concurrent start (or
 * the server already answering) never sees half a build.
 */
export async function ensureDashboardBuilt(options: { force?: boolean } = {}): Promise<DashboardBuildResult> {
  const started = performance.now()
  if (RUNNING_FROM_BUILD) return { built: false, ms: 0 }
  const hash = await sourceHash()
  if (!options.force && existsSync(join(DASHBOARD_DIST, 'index.html')) && (await builtHash()) === hash)
    return { built: false, ms: Math.round(performance.now() - started) }

  // Imported here: loading Vite and its WebAssembly Rollup took 2.2 s on the loaded test machine; paid only when building.
  const { build } = await import('vite')
  const staging = `${DASHBOARD_DIST}.tmp-${process.pid}-${Date.now()}`
  try {
    await restoringNodeEnv(() => build(viteConfig(staging)))
  } catch (err) {
    await rm(staging, { recursive: true, force: true })
    throw err
  }
  // Served by @fastify/static with preCompressed: the 260 kB script is 78 kB gzipped, less in brotli.
  await precompressDirectory(staging)
  await writeFile(join(staging, STAMP), JSON.stringify({ hash, built_at: new Date().toISOString() }))
  const old = `${DASHBOARD_DIST}.old-${process.pid}-${Date.now()}`
  if (existsSync(DASHBOARD_DIST)) await rename(DASHBOARD_DIST, old)
  await mkdir(dirname(DASHBOARD_DIST), { recursive: true })
  await rename(staging, DASHBOARD_DIST)
  await rm(old, { recursive: true, force: true })
  return { built: true, ms: Math.round(performance.now() - started) }
}
