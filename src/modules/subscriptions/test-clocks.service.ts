import type { AppContext } from '../../context.ts'
import { randomBase62 } from '../../lib/ids.ts'
import { conflict, fieldError, notFound } from '../../lib/errors.ts'
import type { DashboardUser } from '../auth/index.ts'
import { nextDueAt, runSubscriptionDue } from './subscription-renewals.service.ts'
import type { TestClocksTable } from './subscriptions.table.ts'
import * as clocks from './test-clocks.repository.ts'
import type { Selectable } from 'kysely'

// Sandbox test clocks: a subscription created on a clock lives at the clock's frozen time. Advancing
// runs everything due up to the new instant, across the clock's subscriptions, in time order.

const serialize = (c: Selectable<TestClocksTable>) => ({
  id: c.public_id,
  frozen_time: c.frozen_time.toISOString(),
  status: c.status,
  created_at: c.created_at.toISOString(),
})

function parseInstant(raw: string): Date {
  const at = new Date(raw)
  if (Number.isNaN(at.getTime())) throw fieldError('frozen_time', 'Must be an ISO 8601 date-time.')
  return at
}

export async function createClock(ctx: AppContext, user: DashboardUser, frozenTime: string) {
  const row = await clocks.insertClock(ctx.db, {
    public_id: `clock_${randomBase62(16)}`,
    organization_id: user.organizationId,
    environment: 'sandbox',
    frozen_time: parseInstant(frozenTime),
  })
  return serialize(row)
}

async function load(ctx: AppContext, user: DashboardUser, id: string) {
  const row = await clocks.findSandboxClock(ctx.db, user.organizationId, id)
  if (!row) throw notFound('Test clock')
  return row
}

export const getClock = async (ctx: AppContext, user: DashboardUser, id: string) => serialize(await load(ctx, user, id))

export async function deleteClock(ctx: AppContext, user: DashboardUser, id: string) {
  const clock = await load(ctx, user, id)
  await clocks.deleteClock(ctx.db, clock.id, new Date())
}

export async function advanceClock(ctx: AppContext, user: DashboardUser, id: string, frozenTime: string) {
  const clock = await load(ctx, user, id)
  const target = parseInstant(frozenTime)
  if (target < clock.frozen_time) throw fieldError('frozen_time', 'A test clock only moves forward.')
  // One advance at a time per clock (compare-and-set on the status).
  if (!(await clocks.claimClockAdvance(ctx.db, clock.id)))
    throw conflict('test_clock_advancing', 'This test clock is already advancing.')
  try {
    for (let guard = 0; guard < 100_000; guard++) {
      const subs = await clocks.listClockSubscriptions(ctx.db, clock.id)
      let next: { id: number; at: Date } | null = null
      for (const s of subs) {
        const at = nextDueAt(s)
        if (at && at <= target && (!next || at < next.at)) next = { id: s.id, at }
      }
      if (!next) break
      await clocks.setClockTime(ctx.db, clock.id, next.at)
      await runSubscriptionDue(ctx, next.id, next.at)
    }
    await clocks.setClockTime(ctx.db, clock.id, target, new Date())
  } finally {
    await clocks.releaseClock(ctx.db, clock.id)
  }
  return getClock(ctx, user, id)
}
