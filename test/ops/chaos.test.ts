import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import type { ChaosReport } from '../../scripts/chaos/run.ts'
import { isPostgres } from '../support/database.ts'

// The short form of `npm run chaos`: 3 kill-and-restart cycles and one PostgreSQL restart. It runs its
// own throw-away PostgreSQL cluster (initdb into a temporary directory, its own port), so restarting it
// never disturbs the test files sharing the server at 127.0.0.1:5432; it runs with the PostgreSQL files
// because it needs the server binaries. Each start of a Kassa process costs seconds on a busy machine,
// hence the long timeout.

const dir = mkdtempSync(join(tmpdir(), 'kassa-chaos-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function chaos(args: string[]) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chaos/main.ts', ...args], {
      cwd: join(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    child.on('exit', (code) => resolve({ code, out }))
  })
}

describe.runIf(isPostgres)('chaos, short form', () => {
  test('3 SIGKILL cycles over 2 API and 2 worker processes and a PostgreSQL restart: nothing lost', async () => {
    const reportFile = join(dir, 'report.json')
    const run = await chaos(['--cycles', '3', '--interval-ms', '3000', '--report', reportFile])
    expect(run.code, run.out).toBe(0)
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ChaosReport
    expect(report.violations).toEqual([])
    expect(report.kills).toHaveLength(3)
    expect(report.pgDown).toHaveLength(1)
    expect(report.ledgerCheck).toBe(0)
    expect(report.requests.fiveXxOutsidePgDown).toBe(0)
    // The run did what it claims: payments, refunds, and a receiver that really failed.
    expect(report.flows.paid).toBeGreaterThan(10)
    expect(report.flows.refundsAccepted).toBeGreaterThan(0)
    expect(report.database.stateEvents).toBeGreaterThan(report.flows.paid)
    expect(report.receiver.distinctEvents).toBe(report.database.stateEvents)
    expect(report.receiver.answered500 + report.receiver.dropped).toBeGreaterThan(0)
  }, 1_200_000)
})
