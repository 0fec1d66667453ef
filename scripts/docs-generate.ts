// `npm run docs:generate`: writes the reference pages generated from the code (errors, configuration,
// CLI, webhook events). Commit the result; test/docs/reference.test.ts fails when they drift.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { referencePages } from './docs/reference.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
for (const [path, content] of Object.entries(referencePages())) {
  mkdirSync(dirname(join(root, path)), { recursive: true })
  writeFileSync(join(root, path), content)
  process.stdout.write(`wrote ${path}\n`)
}
