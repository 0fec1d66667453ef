import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { expect, test } from 'vitest'

// Files stay small enough to read in one sitting: past 300 lines a file holds more than one concept and is
// split by concept. Line counts are of the committed text, which `npm run check` keeps Biome-formatted.
const MAX_LINES = 300
const ROOT = join(import.meta.dirname, '../..')
const SOURCE_DIRS = ['src', 'web', 'test', 'bench', 'scripts']
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx|css)$/
// Generated or built output, the same exclusions as biome.json.
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'generated', 'results'])
const GENERATED = /\.generated\.ts$/

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(path)
    return SOURCE.test(entry.name) && !GENERATED.test(entry.name) ? [path] : []
  })
}

const lineCount = (path: string) => readFileSync(path, 'utf8').replace(/\n$/, '').split('\n').length

test(`no source file in ${SOURCE_DIRS.join(', ')} exceeds ${MAX_LINES} lines`, () => {
  const files = SOURCE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir)))
  expect(files.length).toBeGreaterThan(100)
  const tooLong = files
    .map((path) => ({ file: relative(ROOT, path), lines: lineCount(path) }))
    .filter(({ lines }) => lines > MAX_LINES)
    .map(({ file, lines }) => `${file}: ${lines} lines`)
  expect(tooLong).toEqual([])
})
