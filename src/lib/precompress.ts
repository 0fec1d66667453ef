import { readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'

// Brotli and gzip copies written next to built files (app.js → app.js.br, app.js.gz), so that
// @fastify/static's preCompressed serves them without compressing on every request.

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt', '.map'])
/** Below this, compression saves less than the header costs. */
export const MIN_COMPRESS_BYTES = 1024

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/** Writes via a temporary name and a rename, so a reader never sees half a file. */
export async function writeFileAtomic(path: string, data: Buffer | string): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
  await writeFile(temporary, data)
  await rename(temporary, path)
}

/** The .br and .gz of one file's contents, or nothing when not worth it. */
export async function compressedCopies(name: string, body: Buffer): Promise<Array<[suffix: string, data: Buffer]>> {
  if (!COMPRESSIBLE.has(extname(name)) || body.length < MIN_COMPRESS_BYTES) return []
  const [br, gz] = await Promise.all([
    brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    gzipAsync(body, { level: 9 }),
  ])
  return [
    ['.br', br],
    ['.gz', gz],
  ]
}

/** Writes `<file>.br` and `<file>.gz` for every compressible file under `dir`. Returns the files compressed. */
export async function precompressDirectory(dir: string): Promise<string[]> {
  const done: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    const copies = await compressedCopies(entry.name, await readFile(path))
    for (const [suffix, data] of copies) await writeFileAtomic(path + suffix, data)
    if (copies.length) done.push(path)
  }
  return done
}
