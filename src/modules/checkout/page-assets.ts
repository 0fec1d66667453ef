import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile } from 'node:fs/promises'
import { join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sha256Hex } from '../../lib/crypto.ts'
import { BUILD_DIR, INSTALL_ROOT, RUNNING_FROM_BUILD } from '../../lib/install-layout.ts'
import { compressedCopies, writeFileAtomic } from '../../lib/precompress.ts'

// The page's script (web/checkout/checkout.ts, plain TypeScript importing src/lib/card.ts so the page
// validates exactly as the server does) and stylesheet, bundled and minified by `npm run build` (or once
// per process when running the changed sources), and written with brotli and gzip copies to
// dist/checkout/<version>/ (git-ignored) for @fastify/static.

/** One folder per content version: a running server's files are never overwritten by another's build. */
export const PAGE_ASSETS_DIST = join(BUILD_DIR, 'checkout') + sep

export interface PageAssets {
  js: string
  css: string
  /** Content hash in the asset URLs: browsers may cache them for a year. */
  version: string
}

const webDir = join(INSTALL_ROOT, 'web', 'checkout') + sep
let assets: Promise<PageAssets> | null = null

const STAMP = `${PAGE_ASSETS_DIST}stamp.json`

/**
 * A hash of what the bundle is made from: the page's files, src/lib/ (the script imports from it) and
 * this builder. When web/checkout/dist/stamp.json holds the same hash and its version's files exist,
 * a start reads them and never loads esbuild.
 */
async function sourceHash(): Promise<string> {
  const libDir = join(INSTALL_ROOT, 'src', 'lib') + sep
  const lib = (await readdir(libDir)).filter((f) => f.endsWith('.ts')).map((f) => `${libDir}${f}`)
  const tokens = join(INSTALL_ROOT, 'web', 'design', 'tokens.css')
  const web = (await readdir(webDir)).filter((f) => /\.(ts|css)$/.test(f)).map((f) => `${webDir}${f}`)
  const files = [...web, tokens, ...lib, fileURLToPath(import.meta.url)].sort()
  const hash = createHash('sha256')
  for (const file of files)
    hash
      .update(file.slice(file.lastIndexOf('/src/') + 1))
      .update('\0')
      .update(await readFile(file))
  return hash.digest('hex')
}

/** The assets of the stamp's version when it was built from `hash` (any hash when `hash` is null). */
async function fromStamp(hash: string | null): Promise<PageAssets | null> {
  try {
    const stamp = JSON.parse(await readFile(STAMP, 'utf8')) as { hash: string; version: string }
    if ((hash !== null && stamp.hash !== hash) || !/^[0-9a-f]{12}$/.test(stamp.version)) return null
    const dir = `${PAGE_ASSETS_DIST}${stamp.version}/`
    const [js, css] = await Promise.all([readFile(`${dir}checkout.js`, 'utf8'), readFile(`${dir}checkout.css`, 'utf8')])
    return sha256Hex(js + css).slice(0, 12) === stamp.version ? { js, css, version: stamp.version } : null
  } catch {
    return null
  }
}

/** The build's assets when running the build (never bundled there); otherwise bundled when the sources changed. */
export function loadPageAssets(): Promise<PageAssets> {
  assets ??= (async () => {
    if (RUNNING_FROM_BUILD) {
      const built = await fromStamp(null)
      if (built) return built
      throw new Error(
        `The checkout page's assets are missing from the build (${PAGE_ASSETS_DIST}): run \`npm run build\``,
      )
    }
    const hash = await sourceHash()
    const built = await fromStamp(hash)
    if (built) return built
    // Imported only when building: esbuild starts a service process of its own.
    const { build } = await import('esbuild')
    const script = await build({
      entryPoints: [`${webDir}checkout.ts`],
      bundle: true,
      write: false,
      minify: true,
      format: 'iife',
      target: 'es2019',
      legalComments: 'none',
    })
    // The stylesheet @imports the shared design tokens (web/design/tokens.css): bundled into one file.
    const style = await build({
      entryPoints: [`${webDir}checkout.css`],
      bundle: true,
      write: false,
      minify: true,
      legalComments: 'none',
    })
    const js = script.outputFiles[0].text
    const css = style.outputFiles[0].text
    const version = sha256Hex(js + css).slice(0, 12)
    await writeAssets(version, { 'checkout.js': js, 'checkout.css': css })
    await writeFileAtomic(STAMP, Buffer.from(JSON.stringify({ hash, version })))
    return { js, css, version }
  })()
  return assets
}

async function writeAssets(version: string, files: Record<string, string>): Promise<void> {
  const dir = `${PAGE_ASSETS_DIST}${version}/`
  if (Object.keys(files).every((name) => existsSync(`${dir}${name}`))) return
  await mkdir(dir, { recursive: true })
  for (const [name, text] of Object.entries(files)) {
    const body = Buffer.from(text)
    // The copies first: once the plain file exists, the version counts as written.
    for (const [suffix, data] of await compressedCopies(name, body))
      await writeFileAtomic(`${dir}${name}${suffix}`, data)
    await writeFileAtomic(`${dir}${name}`, body)
  }
}
