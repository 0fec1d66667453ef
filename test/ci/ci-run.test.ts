import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'

// CI must fail, not skip, when PostgreSQL or Chromium is missing. The real tools are replaced by
// stubs on PATH that fail, so the checks run without touching the machine's PostgreSQL or packages.

const stubs = mkdtempSync(join(tmpdir(), 'kassa-ci-stubs-'))
afterAll(() => rmSync(stubs, { recursive: true, force: true }))

function stub(name: string, exitCode: number) {
  const file = join(stubs, name)
  writeFileSync(file, `#!/bin/sh\nexit ${exitCode}\n`)
  chmodSync(file, 0o755)
}

const ciRun = (env: Record<string, string>) =>
  spawnSync('bash', ['.ci/run'], {
    env: { ...process.env, PATH: `${stubs}:${process.env.PATH}`, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  })

describe('.ci/run', () => {
  test('fails when PostgreSQL cannot be reached or started', () => {
    stub('pg_isready', 1)
    stub('pg_ctlcluster', 1)
    stub('sleep', 0)
    const r = ciRun({})
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/FAIL: PostgreSQL is not reachable/)
  })

  test('fails when Chromium is missing and cannot be installed', () => {
    stub('pg_isready', 0)
    stub('apt-get', 100)
    const r = ciRun({ CHROMIUM_BIN: join(stubs, 'no-chromium') })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/FAIL: chromium could not be installed/)
  })
})

describe('npm test (scripts/test.mjs)', () => {
  const unreachable = 'postgres://postgres@127.0.0.1:1/postgres'
  const runTests = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['scripts/test.mjs', 'src/lib/money.test.ts'], {
      env: { ...process.env, TEST_DATABASE_URL: unreachable, KASSA_TEST_SKIP_POSTGRES: '', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    })

  test('under CI=true an unreachable PostgreSQL fails the run', () => {
    const r = runTests({ CI: 'true' })
    expect(r.stdout).toMatch(/FAIL: PostgreSQL not reachable/)
    expect(r.status).toBe(1)
  })

  test('outside CI it is skipped with a message', () => {
    const r = runTests({ CI: '' })
    expect(r.stdout).toMatch(/the PostgreSQL run is skipped/)
    expect(r.status).toBe(0)
  })
})
