#!/usr/bin/env node
// `npm test`: the whole suite on embedded PGlite, then again on PostgreSQL when one is reachable
// (TEST_DATABASE_URL, default the local server) with the tests that need real concurrency.
// Ends with one line "N passed, M failed" summed over both runs. Under CI=true an unreachable
// PostgreSQL fails the run instead of skipping it.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const extra = process.argv.slice(2)

async function postgresReachable() {
  if (process.env.KASSA_TEST_SKIP_POSTGRES === 'true') return false
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

function run(db) {
  const out = join(mkdtempSync(join(tmpdir(), 'kassa-vitest-')), 'results.json')
  console.log(`\n=== test suite on ${db} ===\n`)
  const result = spawnSync(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...extra],
    {
      stdio: 'inherit',
      env: { ...process.env, KASSA_TEST_DB: db, TEST_DATABASE_URL: url },
    },
  )
  let passed = 0
  let failed = 0
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'))
    passed = report.numPassedTests
    failed = report.numFailedTests + (report.numFailedTestSuites ?? 0)
  } else {
    failed = 1
  }
  if (result.status !== 0 && failed === 0) failed = 1
  return { passed, failed }
}

const ci = ['true', '1'].includes((process.env.CI ?? '').toLowerCase())
const runs = [run('pglite')]
if (await postgresReachable()) runs.push(run('postgres'))
else if (ci) {
  console.log(`\nFAIL: PostgreSQL not reachable at ${url}; under CI the PostgreSQL run is required.`)
  runs.push({ passed: 0, failed: 1 })
} else console.log(`\nPostgreSQL not reachable at ${url}: the PostgreSQL run is skipped.`)

const passed = runs.reduce((n, r) => n + r.passed, 0)
const failed = runs.reduce((n, r) => n + r.failed, 0)
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
