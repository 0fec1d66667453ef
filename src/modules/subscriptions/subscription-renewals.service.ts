import type { AppContext } from '../../context.ts'
import { lockCustomerCredit, postCustomerCredit } from '../ledger/index.ts'
import type { TransactionRow } from '../payments/index.ts'
import { executeCharge, openChargeLocked } from './subscription-charges.service.ts'
import { periodOf } from './subscription-dunning.service.ts'
import { changeStatus, creditAccountOf, emitTrialWillEnd } from './subscription-state.ts'
import type { SubscriptionRow } from './subscriptions.mapper.ts'
import * as repo from './subscriptions.repository.ts'

// Everything that happens to a subscription with time: incomplete expiry (23 h), the trial's
// 3-day notice, period ends (renewal, cancel at period end, the last cycle), and dunning retries.
// The worker runs it on the wall clock; a test clock's advance runs it at each due instant in order.

const TRIAL_NOTICE_MS = 3 * 86_400_000

/** The earliest instant something is due for this subscription, or null. */
export function nextDueAt(s: SubscriptionRow): Date | null {
  const candidates: Date[] = []
  if (s.archived_at !== null) return null
  if (s.status === 'incomplete') candidates.push(s.expires_at)
  if ((s.status === 'active' || s.status === 'trialing') && s.current_period_end) candidates.push(s.current_period_end)
  if (s.status === 'trialing' && !s.trial_will_end_sent && s.trial_end)
    candidates.push(new Date(s.trial_end.getTime() - TRIAL_NOTICE_MS))
  if (s.status === 'past_due' && !s.hard_declined && s.next_retry_at) candidates.push(s.next_retry_at)
  if (candidates.length === 0) return null
  return new Date(Math.min(...candidates.map((d) => d.getTime())))
}

/** One due step of one subscription at `now`; returns the charge to make, if any (made after commit). */
async function stepLocked(ctx: AppContext, subscriptionId: number, now: Date): Promise<TransactionRow | null> {
  return ctx.db.transaction().execute(async (trx) => {
    const s = await repo.lockSubscription(trx, subscriptionId)
    const change = { actor: 'system', now }
    if (s.status === 'incomplete' && s.expires_at <= now) {
      await changeStatus(ctx, trx, s, 'incomplete_expired', { ...change, reason: 'first_payment_not_made' })
      return null
    }
    if (
      s.status === 'trialing' &&
      !s.trial_will_end_sent &&
      s.trial_end &&
      s.trial_end.getTime() - TRIAL_NOTICE_MS <= now.getTime()
    ) {
      if (s.trial_end > now) {
        await emitTrialWillEnd(ctx, trx, s, now)
        return null
      }
      await repo.updateSubscription(trx, s.id, { trial_will_end_sent: true })
    }
    if ((s.status === 'active' || s.status === 'trialing') && s.current_period_end && s.current_period_end <= now) {
      if (s.cancel_at_period_end) {
        await changeStatus(
          ctx,
          trx,
          s,
          'canceled',
          { ...change, reason: 'canceled_at_period_end' },
          { canceled_at: s.current_period_end },
        )
        return null
      }
      if (s.cycle_count !== null && s.cycles_billed >= s.cycle_count) {
        await changeStatus(ctx, trx, s, 'ended', { ...change, reason: 'cycle_count_reached' })
        return null
      }
      const org = await repo.findOrgBillingSettings(trx, s.organization_id)
      const next = s.current_period_index + 1
      const period = periodOf(s, s.billing_anchor as Date, next, org.timezone)
      // A credit balance (from plan changes) pays first; a period it covers whole needs no charge.
      const price = s.unit_amount_minor * s.quantity
      const account = creditAccountOf(s)
      const fromBalance = Math.min(price, await lockCustomerCredit(trx, account))
      // Once per period: the period advances below under the same row lock.
      await postCustomerCredit(trx, {
        ...account,
        kind: 'credit_applied',
        key: `subscription:${s.id}:period:${next}:credit_applied`,
        amountMinor: fromBalance,
        memo: `renewal of ${s.public_id}`,
      })
      const advanced = await repo.updateSubscription(trx, s.id, {
        current_period_index: next,
        current_period_start: period.start,
        current_period_end: period.end,
        credited_for_period_minor: 0,
        ...(fromBalance === price ? { cycles_billed: s.cycles_billed + 1, status: 'active' as const } : {}),
        updated_at: now,
      })
      if (fromBalance === price) return null
      const spec =
        fromBalance > 0 ? { amountMinor: price - fromBalance, name: `${s.product_name} (credit applied)` } : {}
      return openChargeLocked(
        ctx,
        trx,
        advanced,
        { kind: 'renewal', periodIndex: next, attempt: 0, ...spec },
        period.start,
      )
    }
    if (s.status === 'past_due' && !s.hard_declined && s.next_retry_at && s.next_retry_at <= now) {
      const attempt = (await repo.countCharges(trx, s.id, { periodIndex: s.current_period_index, kind: 'retry' })) + 1
      await repo.updateSubscription(trx, s.id, { next_retry_at: null, updated_at: now })
      return openChargeLocked(ctx, trx, s, { kind: 'retry', periodIndex: s.current_period_index, attempt }, now)
    }
    return null
  })
}

/** Runs every due step of one subscription up to `now` (several periods when far behind). */
export async function runSubscriptionDue(ctx: AppContext, subscriptionId: number, now: Date): Promise<void> {
  for (let guard = 0; guard < 1000; guard++) {
    const s = await repo.findSubscriptionById(ctx.db, subscriptionId)
    const due = nextDueAt(s)
    if (!due || due > now) return
    const charge = await stepLocked(ctx, subscriptionId, due)
    if (charge && (await executeCharge(ctx, charge, due)) === 'uncertain') return
  }
}

/** The worker's sweep: subscriptions on the wall clock with something due now. */
export async function runDueSubscriptions(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now()
  const due = await repo.findDueSubscriptionIds(ctx.db, now, null, 200)
  for (const row of due) await runSubscriptionDue(ctx, row.id, now)
  return due.length
}
