import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'
import { referencePages } from '../../scripts/docs/reference.ts'
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.ts'
import { ERROR_CATALOGUE } from '../../src/lib/error-catalogue.ts'
import { AppError, conflict, forbidden } from '../../src/lib/errors.ts'

const root = join(import.meta.dirname, '..', '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path)
    return /\.(ts|mjs)$/.test(name) && !name.endsWith('.test.ts') ? [path] : []
  })
}

describe('generated reference pages', () => {
  test.each(Object.entries(referencePages()))(
    '%s is what the code generates (run npm run docs:generate)',
    (path, content) => {
      expect(readFileSync(join(root, path), 'utf8')).toBe(content)
    },
  )
})

describe('errors come from the catalogue', () => {
  test('every error code written in src/ is in the catalogue', () => {
    const unknown: string[] = []
    for (const file of sourceFiles('src')) {
      for (const m of readFileSync(join(root, file), 'utf8').matchAll(/\bcode: '([a-z][a-z0-9_]*)'/g)) {
        if (!(m[1] in ERROR_CATALOGUE)) unknown.push(`${relative(root, join(root, file))}: ${m[1]}`)
      }
    }
    expect(unknown).toEqual([])
  })

  test('AppError takes its status from the catalogue; an unknown code does not compile (tsc) nor construct', () => {
    expect(new AppError('too_many_attempts', 'Slow down.').status).toBe(429)
    expect(forbidden('permission_denied', 'No.').status).toBe(403)
    expect(conflict('last_owner', 'No.').status).toBe(409)
    // @ts-expect-error: not a code of the catalogue
    expect(() => new AppError('no_such_code', 'x')).toThrow()
    // @ts-expect-error: forbidden() takes 403 codes only
    forbidden('not_found', 'x')
  })

  test('one status per code, all of them HTTP error statuses', () => {
    for (const { status } of Object.values(ERROR_CATALOGUE)) expect(status >= 400 && status < 600).toBe(true)
    // The three codes once used for 429 are one now.
    expect(
      Object.entries(ERROR_CATALOGUE)
        .filter(([, e]) => e.status === 429)
        .map(([code]) => code),
    ).toEqual(['too_many_attempts'])
  })
})

describe('configuration comes from config.ts', () => {
  test('no process.env read outside src/config.ts (src/ and bin/)', () => {
    const readers = [...sourceFiles('src'), ...sourceFiles('bin')].filter((file) => {
      if (file === join('src', 'config.ts')) return false
      // A quoted 'process.env.X' is text (Vite's define key), not a read.
      const code = readFileSync(join(root, file), 'utf8').replace(/'[^'\n]*'/g, "''")
      return /process\.env/.test(code)
    })
    expect(readers).toEqual([])
  })

  test('the documented defaults are the defaults', () => {
    const config = loadConfig({ SECRET_KEY: 'x'.repeat(40), DATA_DIR: '/tmp/kassa-reference-test' })
    expect(String(config.port)).toBe(CONFIG_VARIABLES.PORT.default)
    expect(config.host).toBe(CONFIG_VARIABLES.HOST.default)
    expect(config.nodeEnv).toBe(CONFIG_VARIABLES.NODE_ENV.default)
    expect(config.sandboxSimulation).toBe(CONFIG_VARIABLES.SANDBOX_SIMULATION.default)
    expect(config.logLevel).toBe('info')
    expect(config.trustProxy).toBe(false)
    expect(config.seedDemo).toBe(false)
    expect(String(config.workerPollMs)).toBe(CONFIG_VARIABLES.WORKER_POLL_MS.default)
    expect(loadConfig({ SECRET_KEY: 'x'.repeat(40), DATA_DIR: '/tmp/x', KASSA_SEED_DEMO: 'true' }).seedDemo).toBe(true)
    expect(() => loadConfig({ SECRET_KEY: 'x'.repeat(40), DATA_DIR: '/tmp/x', TRUST_PROXY: 'maybe' })).toThrow(
      /TRUST_PROXY/,
    )
  })
})
