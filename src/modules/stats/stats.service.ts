import type { Database } from '../../db/database.ts'
import { FieldErrors } from '../../lib/errors.ts'
import { formatMinor } from '../../lib/money.ts'
import * as repo from './stats.repository.ts'
import type { StatsInput, StatsResult } from './stats.schemas.ts'

const SUCCEEDED = new Set(['paid', 'refund_pending', 'partially_refunded', 'refunded'])
const COMMITTED_REFUNDS = new Set(['pending', 'processing', 'completed'])
const MAX_DAYS = 366
const DAY_MS = 86_400_000

const DAY = /^\d{4}-\d{2}-\d{2}$/
const dayOf = (date: Date) => date.toISOString().slice(0, 10)
function parseDay(raw: string): Date | null {
  if (!DAY.test(raw)) return null
  const date = new Date(`${raw}T00:00:00Z`)
  return Number.isNaN(date.getTime()) || dayOf(date) !== raw ? null : date
}

/** A checkout nobody tried to pay: still processing, with no deposit attempt. */
export const isIncomplete = (row: { status: string; attempted: boolean }) =>
  row.status === 'processing' && !row.attempted

interface Totals {
  gross: number
  payments: number
  paid: number
  failed: number
  incomplete: number
  refunds: number
  refunded: number
  days: Map<string, { gross: number; payments: number; paid: number; refunded: number }>
}

/** GET /api/organization/stats/: per-day volume, counts and refunds of one environment, per currency. */
export async function getStats(db: Database, scope: repo.Scope, input: StatsInput, today: Date): Promise<StatsResult> {
  const errors = new FieldErrors()
  const to = input.to === undefined ? parseDay(dayOf(today)) : parseDay(input.to)
  if (!to) errors.add('to', 'Must be a day written YYYY-MM-DD.')
  const from = input.from === undefined ? to && new Date(to.getTime() - 29 * DAY_MS) : parseDay(input.from)
  if (!from) errors.add('from', 'Must be a day written YYYY-MM-DD.')
  if (from && to && from > to) errors.add('from', 'Must not be after `to`.')
  if (from && to && (to.getTime() - from.getTime()) / DAY_MS + 1 > MAX_DAYS)
    errors.add('from', `The range is at most ${MAX_DAYS} days.`)
  errors.throwIfAny()
  const range = { from: dayOf(from!), to: dayOf(to!) }
  const includeIncomplete = input.include_incomplete ?? false
  const [payments, refunds] = await Promise.all([
    repo.paymentDays(db, scope, range.from, range.to),
    repo.refundDays(db, scope, range.from, range.to),
  ])

  const byCurrency = new Map<string, Totals>()
  const totalsOf = (currency: string) => {
    let t = byCurrency.get(currency)
    if (!t) {
      t = { gross: 0, payments: 0, paid: 0, failed: 0, incomplete: 0, refunds: 0, refunded: 0, days: new Map() }
      byCurrency.set(currency, t)
    }
    return t
  }
  const bucketOf = (t: Totals, day: string) => {
    let b = t.days.get(day)
    if (!b) {
      b = { gross: 0, payments: 0, paid: 0, refunded: 0 }
      t.days.set(day, b)
    }
    return b
  }
  for (const row of payments) {
    const t = totalsOf(row.currency)
    const n = Number(row.n)
    if (isIncomplete(row)) {
      t.incomplete += n
      if (!includeIncomplete) continue
    }
    const b = bucketOf(t, row.day)
    t.payments += n
    b.payments += n
    if (row.status === 'failed') t.failed += n
    if (SUCCEEDED.has(row.status)) {
      t.paid += n
      b.paid += n
      t.gross += Number(row.gross_minor)
      b.gross += Number(row.gross_minor)
    }
  }
  for (const row of refunds) {
    if (!COMMITTED_REFUNDS.has(row.status)) continue
    const t = totalsOf(row.currency)
    t.refunds += Number(row.n)
    t.refunded += Number(row.amount_minor)
    bucketOf(t, row.day).refunded += Number(row.amount_minor)
  }

  const days: string[] = []
  for (let d = from!.getTime(); d <= to!.getTime(); d += DAY_MS) days.push(dayOf(new Date(d)))
  return {
    environment: scope.environment,
    ...range,
    interval: 'day',
    time_zone: 'UTC',
    include_incomplete: includeIncomplete,
    currencies: [...byCurrency.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, t]) => ({
        currency,
        gross_volume: formatMinor(t.gross),
        payment_count: t.payments,
        paid_count: t.paid,
        failed_count: t.failed,
        incomplete_count: t.incomplete,
        success_rate: t.payments === 0 ? null : Math.round((t.paid / t.payments) * 10_000) / 10_000,
        refund_count: t.refunds,
        refunded_amount: formatMinor(t.refunded),
        days: days.map((date) => {
          const b = t.days.get(date)
          return {
            date,
            gross_volume: formatMinor(b?.gross ?? 0),
            payment_count: b?.payments ?? 0,
            paid_count: b?.paid ?? 0,
            refunded_amount: formatMinor(b?.refunded ?? 0),
          }
        }),
      })),
  }
}
