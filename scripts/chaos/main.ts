import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { runChaos } from './run.ts'
import { summaryLines } from './report.ts'

// `npm run chaos [-- --cycles N --interval-ms MS --concurrency N --report FILE --keep]`: 2 API and 2 worker
// processes on a throw-away PostgreSQL cluster, one killed with SIGKILL and restarted per cycle, the
// cluster restarted once halfway; exits 1 on any violated invariant. CHAOS_CYCLES sets the default cycles.

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: process.env.CHAOS_CYCLES ?? '20' },
    'interval-ms': { type: 'string', default: process.env.CHAOS_INTERVAL_MS ?? '4000' },
    concurrency: { type: 'string', default: '6' },
    'pg-down-ms': { type: 'string', default: '3000' },
    'drain-timeout-ms': { type: 'string', default: '300000' },
    'no-pg-restart': { type: 'boolean', default: false },
    report: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
})

function positive(name: string, raw: string | undefined): number {
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`--${name} must be a positive integer (got ${raw})\n`)
    process.exit(2)
  }
  return n
}

const startedAt = Date.now()
const report = await runChaos({
  cycles: positive('cycles', values.cycles),
  intervalMs: positive('interval-ms', values['interval-ms']),
  concurrency: positive('concurrency', values.concurrency),
  apis: 2,
  workers: 2,
  pgRestart: !values['no-pg-restart'],
  pgDownMs: positive('pg-down-ms', values['pg-down-ms']),
  drainTimeoutMs: positive('drain-timeout-ms', values['drain-timeout-ms']),
  keep: values.keep,
  log: (line) => process.stdout.write(`[chaos +${((Date.now() - startedAt) / 1000).toFixed(1)} s] ${line}\n`),
})
if (values.report) writeFileSync(values.report, `${JSON.stringify(report, null, 2)}\n`)
process.stdout.write(`${summaryLines(report).join('\n')}\n`)
process.exit(report.ok ? 0 : 1)
