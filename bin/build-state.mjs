// Is there a build in dist/ (`npm run build`), and was it built from the sources beside it? Plain
// JavaScript: bin/kassa.mjs and `npm start` ask before anything else is loaded.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const INSTALL_ROOT = fileURLToPath(new URL('..', import.meta.url))
export const BUILD_DIR = join(INSTALL_ROOT, 'dist')
/** The server's entry point in the build: src/cli/main.ts bundled. */
export const BUILD_ENTRY = join(BUILD_DIR, 'server', 'main.mjs')
/** Written last by scripts/build.ts: the hash of the sources the build was made from. */
export const BUILD_STAMP = join(BUILD_DIR, 'build.json')

// What the build is made from. Tests are not: editing one does not make the build stale.
const INPUTS = ['src', 'web', 'scripts/build.ts', 'bin/build-state.mjs']
const IGNORED = /(^|\/)(node_modules|dist[^/]*)(\/|$)|\.test\.tsx?$/

function files(path) {
  const rel = relative(INSTALL_ROOT, path)
  if (IGNORED.test(rel)) return []
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const child = join(path, entry.name)
      if (entry.isDirectory()) return files(child)
      return entry.isFile() && !IGNORED.test(relative(INSTALL_ROOT, child)) ? [child] : []
    })
}

const inputFiles = (input) => {
  const path = join(INSTALL_ROOT, input)
  if (!existsSync(path)) return []
  return input.includes('.') ? [path] : files(path)
}

/** SHA-256 of every input file's path and content (not mtimes, which a checkout or a copy rewrites); null without sources. */
export function sourceHash() {
  if (!existsSync(join(INSTALL_ROOT, 'src'))) return null
  const hash = createHash('sha256')
  for (const file of INPUTS.flatMap(inputFiles))
    hash.update(relative(INSTALL_ROOT, file)).update('\0').update(readFileSync(file)).update('\0')
  return hash.digest('hex')
}

/**
 * Size and modification time of every input file: read back by `buildState` to skip hashing (a quarter of
 * a second of `npm start`) while nothing was touched since the build. Any difference, e.g. a fresh
 * checkout rewriting mtimes, falls back to the hash, which alone decides.
 */
export function sourceFingerprint() {
  if (!existsSync(join(INSTALL_ROOT, 'src'))) return null
  return INPUTS.flatMap(inputFiles).map((file) => {
    const { size, mtimeMs } = statSync(file)
    return `${relative(INSTALL_ROOT, file)}:${size}:${mtimeMs}`
  })
}

function stamp() {
  try {
    return JSON.parse(readFileSync(BUILD_STAMP, 'utf8'))
  } catch {
    return {}
  }
}

const builtHash = () => stamp().hash ?? null

const sameList = (a, b) =>
  Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i])

/** dist/ holds a complete build (its stamp is written last). */
export const buildExists = () => existsSync(BUILD_ENTRY) && builtHash() !== null

/**
 * `exists`: dist/ holds a complete build. `current`: it was made from these sources (always true when the
 * sources are absent, as in the Docker image, where the build is all there is).
 */
export function buildState() {
  if (!buildExists()) return { exists: false, current: false }
  const built = stamp()
  const fingerprint = sourceFingerprint()
  if (fingerprint === null || sameList(fingerprint, built.fingerprint)) return { exists: true, current: true }
  return { exists: true, current: sourceHash() === built.hash }
}

/** Runs the build's CLI with `args`; API processes forked by `--processes` start from it directly. */
export async function runBuild(args) {
  process.argv.splice(1, process.argv.length - 1, BUILD_ENTRY, ...args)
  await import(pathToFileURL(BUILD_ENTRY).href)
}
