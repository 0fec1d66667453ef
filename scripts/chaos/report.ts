import type { RequestRecord } from './load.ts'

// Sorting the load's answers: a 5xx is allowed only for a request that was in flight while the run's
// PostgreSQL was down (from the stop command until it accepted connections again); anything else is a
// violation. Requests that got no answer at all were cut off by a killed process (or refused by one
// not yet restarted) and are counted apart: they are not answers.

export interface Window {
  from: number
  to: number
}

const overlaps = (r: RequestRecord, w: Window) => r.start <= w.to && r.end >= w.from

export function classifyRequests(requests: RequestRecord[], pgDown: Window[]) {
  const byRoute: Record<string, Record<string, number>> = {}
  const statuses: Record<string, number> = {}
  /** `route status code` of every refusal and error, to tell a 409 from another. */
  const errorCodes: Record<string, number> = {}
  let duringPgDown5xx = 0
  const unexpected5xx: RequestRecord[] = []
  let noAnswer = 0
  for (const r of requests) {
    const status = r.status === 0 ? 'no answer' : String(r.status)
    byRoute[r.route] ??= {}
    byRoute[r.route][status] = (byRoute[r.route][status] ?? 0) + 1
    statuses[status] = (statuses[status] ?? 0) + 1
    if (r.status === 0) noAnswer++
    if (r.status >= 400) {
      const key = `${r.route} ${r.status} ${r.code ?? '-'}`
      errorCodes[key] = (errorCodes[key] ?? 0) + 1
    }
    if (r.status < 500) continue
    if (pgDown.some((w) => overlaps(r, w))) duringPgDown5xx++
    else unexpected5xx.push(r)
  }
  return {
    summary: {
      total: requests.length,
      statuses,
      byRoute,
      errorCodes,
      noAnswer,
      fiveXxDuringPgDown: duringPgDown5xx,
      fiveXxOutsidePgDown: unexpected5xx.length,
    },
    unexpected5xx,
  }
}

interface Printable {
  ok: boolean
  violations: string[]
  durationMs: number
  loadMs: number
  drainMs: number
  kills: { name: string }[]
  pgDown: { ms: number }[]
  requests: ReturnType<typeof classifyRequests>['summary']
  flows: Record<string, number>
  receiver: Record<string, number>
  database: { payments: Record<string, number>; refunds: Record<string, number>; stateEvents: number; attempts: number }
  machine: { cpus: number; loadAverage: { start: number; end: number } }
}

const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')

export function summaryLines(r: Printable): string[] {
  const killsBy: Record<string, number> = {}
  for (const k of r.kills) killsBy[k.name] = (killsBy[k.name] ?? 0) + 1
  return [
    '',
    `Chaos run: ${r.ok ? 'PASSED' : 'FAILED'} in ${(r.durationMs / 1000).toFixed(0)} s (load ${(r.loadMs / 1000).toFixed(0)} s, drain ${(r.drainMs / 1000).toFixed(1)} s), ${r.machine.cpus} CPUs, load average ${r.machine.loadAverage.start.toFixed(1)} → ${r.machine.loadAverage.end.toFixed(1)}`,
    `Kills (SIGKILL + restart): ${r.kills.length} — ${list(killsBy)}; PostgreSQL restarts: ${r.pgDown.length}${r.pgDown.length ? ` (down ${r.pgDown.map((w) => `${w.ms} ms`).join(', ')})` : ''}`,
    `Requests: ${r.requests.total} — ${list(r.requests.statuses)}`,
    ...Object.entries(r.requests.byRoute).map(([route, counts]) => `  ${route}: ${list(counts)}`),
    `Refusals and errors: ${list(r.requests.errorCodes)}`,
    `5xx: ${r.requests.fiveXxDuringPgDown} while PostgreSQL was down, ${r.requests.fiveXxOutsidePgDown} outside; no answer (killed process): ${r.requests.noAnswer}`,
    `Flows: ${list(r.flows)}`,
    `Payments: ${list(r.database.payments)}; refunds: ${list(r.database.refunds)}`,
    `Webhooks: ${r.database.stateEvents} state-change events, ${r.database.attempts} attempts; receiver ${list(r.receiver)}`,
    r.ok ? 'No violations.' : `Violations (${r.violations.length}):`,
    ...r.violations.map((v) => `  - ${v}`),
  ]
}
