import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, test } from 'vitest'

// The import rules of .dependency-cruiser.cjs, run on src/ as part of `npm test` (also `npm run deps`).

const root = fileURLToPath(new URL('../../', import.meta.url))
const config = createRequire(import.meta.url)(`${root}.dependency-cruiser.cjs`)

interface Dependency {
  resolved: string
  dependencyTypes: string[]
  coreModule: boolean
  couldNotResolve: boolean
}
interface CruisedModule {
  source: string
  dependencies: Dependency[]
}
interface Violation {
  rule: { name: string }
  from: string
  to: string
  cycle?: { name: string }[]
}
interface CruiseResult {
  modules: CruisedModule[]
  summary: { violations: Violation[]; error: number }
}

let result: CruiseResult
beforeAll(async () => {
  const bin = `${root}node_modules/.bin/depcruise`
  const { stdout } = await promisify(execFile)(
    bin,
    ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
    { cwd: root, maxBuffer: 64 * 1024 * 1024 },
  ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }))
  result = JSON.parse(stdout)
}, 120_000)

/** The layer or module a file belongs to: `modules/<name>`, `lib`, `db`, …; table files sit with db. */
function unitOf(source: string): string {
  const parts = source.replace(/^src\//, '').split('/')
  if (parts[0] === 'modules') return /\.table\.ts$/.test(source) ? 'db' : `modules/${parts[1]}`
  return parts.length === 1 ? parts[0].replace(/\.tsx?$/, '') : parts[0]
}

/** Strongly connected components with more than one member (Tarjan). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0
  const indexOf = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string) => {
    indexOf.set(v, index)
    low.set(v, index++)
    stack.push(v)
    onStack.add(v)
    for (const w of edges.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!))
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1) found.push(component.sort())
    }
  }
  for (const v of edges.keys()) if (!indexOf.has(v)) visit(v)
  return found
}

describe('import graph of src/', () => {
  test('the rules are all there, as errors, and type-only imports count', () => {
    expect(config.options.tsPreCompilationDeps).toBe(true)
    const rules = config.forbidden.map((r: { name: string; severity: string }) => `${r.name}:${r.severity}`)
    expect(rules).toEqual(
      expect.arrayContaining([
        'no-circular:error',
        'lib-imports-nothing-of-ours:error',
        'services-and-repositories-stay-off-http:error',
        'modules-meet-through-index:error',
      ]),
    )
  })

  test('dependency-cruiser finds no violation', () => {
    expect(result.modules.length).toBeGreaterThan(100)
    const violations = result.summary.violations.map((v) =>
      v.cycle
        ? `${v.rule.name}: ${v.from} → ${v.cycle.map((c) => c.name).join(' → ')}`
        : `${v.rule.name}: ${v.from} → ${v.to}`,
    )
    expect(violations).toEqual([])
  })

  test('no cycle between modules or layers either', () => {
    const edges = new Map<string, Set<string>>()
    for (const m of result.modules) {
      if (!m.source.startsWith('src/')) continue
      const from = unitOf(m.source)
      if (!edges.has(from)) edges.set(from, new Set())
      for (const d of m.dependencies) {
        if (d.coreModule || d.couldNotResolve || !d.resolved.startsWith('src/')) continue
        // A test file is not imported by anything, so it cannot close a cycle; it may cross layers.
        if (/\.test\.tsx?$/.test(m.source)) continue
        const to = unitOf(d.resolved)
        if (to !== from) edges.get(from)!.add(to)
      }
    }
    expect(edges.size).toBeGreaterThan(20)
    expect(cycles(edges)).toEqual([])
  })
})
