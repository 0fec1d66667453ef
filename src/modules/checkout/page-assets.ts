import { build } from 'esbuild'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { sha256Hex } from '../../lib/crypto.ts'
import { compressedCopies, writeFileAtomic } from '../../lib/precompress.ts'

// The page's script (web/checkout/checkout.ts, plain TypeScript importing src/lib/card.ts so the page
// validates exactly as the server does) and stylesheet, bundled and minified once per process, and
// written with brotli and gzip copies to web/checkout/dist/<version>/ (git-ignored) for @fastify/static.

/** One folder per content version: a running server's files are never overwritten by another's build. */
export const PAGE_ASSETS_DIST = fileURLToPath(new URL('../../../web/checkout/dist/', import.meta.url))

export interface PageAssets {
  js: string
  css: string
  /** Content hash in the asset URLs: browsers may cache them for a year. */
  version: string
}

const webDir = fileURLToPath(new URL('../../../web/checkout/', import.meta.url))
let assets: Promise<PageAssets> | null = null

export function loadPageAssets(): Promise<PageAssets> {
  assets ??= (async () => {
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
