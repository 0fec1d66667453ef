import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { fetchServedSchema } from '../../../scripts/sdk/served-schema.ts'
import { GENERATED_PATH, renderSchema } from '../../../scripts/sdk/render-schema.ts'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const packageDir = fileURLToPath(new URL('../', import.meta.url))

test('the committed generated client matches the document Kassa serves (else: npm run sdk:generate)', async () => {
  const served = await fetchServedSchema()
  const expected = await renderSchema(served)
  const committed = readFileSync(`${root}${GENERATED_PATH}`, 'utf8')
  expect(committed.startsWith('/**\n * GENERATED FILE')).toBe(true)
  // Not toBe on 900 lines: name the first differing line, and say how to fix it.
  const a = committed.split('\n')
  const b = expected.split('\n')
  const line = a.findIndex((text, i) => text !== b[i])
  const at = line === -1 && a.length !== b.length ? Math.min(a.length, b.length) : line
  expect(
    at === -1 ? null : { line: at + 1, committed: a[at], served: b[at] },
    `${GENERATED_PATH} is out of date: run npm run sdk:generate`,
  ).toBeNull()
  // Every API-key operation of the document is in the client, and nothing else.
  const apiKeyOperations = Object.entries<Record<string, { security?: object[] }>>(served.paths).flatMap(
    ([path, item]) =>
      Object.entries(item)
        .filter(([, op]) => (op.security ?? []).some((s) => 'ApiKey' in s))
        .map(([method]) => `${method} ${path}`),
  )
  expect(apiKeyOperations.length).toBeGreaterThanOrEqual(7)
  for (const operation of apiKeyOperations) {
    const [method, path] = operation.split(' ')
    expect(committed, operation).toMatch(
      new RegExp(`"${path.replace(/[{}]/g, '\\$&')}": \\{[\\s\\S]*?\\n        ${method}: \\{`),
    )
  }
  expect(committed).not.toContain('"/api/organization/')
})

test('npm run build emits ESM + .d.ts that plain Node imports through the package exports', () => {
  execFileSync('npm', ['run', 'build', '-w', '@kassa/node'], { cwd: root, stdio: 'pipe' })
  for (const file of ['index.js', 'index.d.ts', 'webhooks/verify.js', 'generated/schema.d.ts'])
    expect(existsSync(`${packageDir}dist/${file}`), file).toBe(true)
  // No --conditions here: the published entry points (types/import → dist) are what resolves.
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const m = await import('@kassa/node'); const r = import.meta.resolve('@kassa/node'); console.log(JSON.stringify({ r, keys: Object.keys(m) }))",
    ],
    { cwd: root, encoding: 'utf8' },
  )
  const { r, keys } = JSON.parse(out)
  expect(r).toMatch(/packages\/kassa-node\/dist\/index\.js$/)
  expect(keys).toEqual(expect.arrayContaining(['Kassa', 'KassaError', 'verifyWebhook', 'WebhookVerificationError']))
  const pkg = JSON.parse(readFileSync(`${packageDir}package.json`, 'utf8'))
  expect(pkg.exports['.']).toMatchObject({ types: './dist/index.d.ts', import: './dist/index.js' })
  expect(Object.keys(pkg.dependencies)).toEqual(['openapi-fetch'])
})

test('the SDK stands alone: it imports only its own files, openapi-fetch and node:crypto', () => {
  const files = readdirSync(`${packageDir}src`, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
  expect(files.length).toBeGreaterThan(5)
  const outside: string[] = []
  for (const file of files) {
    const text = readFileSync(`${packageDir}src/${file}`, 'utf8')
    for (const [, specifier] of text.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
      const relative = specifier.startsWith('./') || specifier.startsWith('../')
      const ownFile = relative && new URL(specifier, `file:///pkg/src/${file}`).pathname.startsWith('/pkg/src/')
      if (!ownFile && specifier !== 'openapi-fetch' && specifier !== 'node:crypto')
        outside.push(`${file}: ${specifier}`)
    }
  }
  expect(outside).toEqual([])
})
