import { build, transform } from 'esbuild'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { sha256Hex } from '../../lib/crypto.ts'

// The page's script (web/checkout/checkout.ts, plain TypeScript importing src/lib/card.ts so the page
// validates exactly as the server does) and stylesheet, bundled and minified once per process.

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
    const css = await transform(await readFile(`${webDir}checkout.css`, 'utf8'), { loader: 'css', minify: true })
    const js = script.outputFiles[0].text
    return { js, css: css.code, version: sha256Hex(js + css.code).slice(0, 12) }
  })()
  return assets
}
