import type { AppContext } from '../../context.ts'
import type { Database } from '../../db/database.ts'
import { periodBoundary } from '../../lib/billing-periods.ts'
import { formatMinor } from '../../lib/money.ts'
import { enqueueEmail } from '../email/index.ts'
import type { TransactionRow } from '../payments/index.ts'
import { isHardDecline } from '../provider/index.ts'
import { billingUrl, changeStatus } from './subscription-state.ts'
import type { SubscriptionRow } from './subscriptions.mapper.ts'
import * as repo from './subscriptions.repository.ts'
import type { SubscriptionStatus } from './subscriptions.table.ts'

// What a charge's answer does to its subscription, and the dunning schedule of failed renewals.

export type ChargeOutcome = 'succeeded' | 'declined' | 'transport_error'

const DAY_MS = 86_400_000
/** A transport failure is retried in an hour, outside the dunning count. */
const TRANSPORT_RETRY_MS = 60 * 60_000
export const MAX_RETRIES = 8
export const MAX_RETRY_DAYS = 60

export interface Dunning {
  retry_days: number[]
  final_action: 'unpaid' | 'cancel' | 'pause'
}

const cadenceOf = (s: SubscriptionRow) => ({
  interval: s.recurring_interval,
  intervalCount: s.recurring_interval_count,
})

/**
 * Period k of a subscription. Without a trial period 0 starts at the anchor (the first payment);
 * with one, period 0 is the trial and period k ≥ 1 is the (k−1)th from the anchor (the trial's end).
 */
export function periodOf(s: SubscriptionRow, anchor: Date, k: number, timeZone: string) {
  const offset = s.trial_end !== null ? 1 : 0
  const n = k - offset
  return {
    start: periodBoundary(anchor, cadenceOf(s), n, timeZone),
    end: periodBoundary(anchor, cadenceOf(s), n + 1, timeZone),
  }
}

const dunningOf = async (db: Database, s: SubscriptionRow) => {
  const org = await repo.findOrgBillingSettings(db, s.organization_id)
  return { timezone: org.timezone, dunning: org.dunning as Dunning, orgName: org.name }
}

const finalStatus: Record<Dunning['final_action'], SubscriptionStatus> = {
  unpaid: 'unpaid',
  cancel: 'canceled',
  pause: 'paused',
}

async function emailPastDue(ctx: AppContext, db: Database, s: SubscriptionRow, orgName: string, now: Date) {
  const customer = await repo.findCustomer(db, s.customer_id)
  await enqueueEmail(
    db,
    {
      organizationId: s.organization_id,
      to: customer.email,
      subject: `${orgName}: your payment for ${s.product_name} failed`,
      text: `We could not charge your card for ${s.product_name} (${formatMinor(s.unit_amount_minor * s.quantity)} ${s.currency}).\nUpdate your card here: ${billingUrl(ctx, s.billing_token)}\n`,
    },
    now,
  )
}

/** Applies a charge's outcome to the locked subscription, inside the transaction that recorded it. */
export async function applyChargeOutcome(
  ctx: AppContext,
  trx: Database,
  s: SubscriptionRow,
  tx: TransactionRow,
  outcome: ChargeOutcome,
  message: string | null,
  now: Date,
) {
  const kind = tx.charge_kind
  const change = { actor: 'system', now }
  if (kind === 'manual' || kind === 'proration') return
  const { timezone, dunning, orgName } = await dunningOf(trx, s)
  if (outcome === 'succeeded') {
    if (kind === 'initial') {
      const anchor = now
      const period = periodOf({ ...s, trial_end: null }, anchor, 0, timezone)
      await changeStatus(
        ctx,
        trx,
        s,
        'active',
        { ...change, reason: 'initial_payment_succeeded' },
        {
          billing_anchor: anchor,
          current_period_index: 0,
          current_period_start: period.start,
          current_period_end: period.end,
          cycles_billed: 1,
        },
      )
      return
    }
    await changeStatus(
      ctx,
      trx,
      s,
      'active',
      { ...change, reason: `${kind}_succeeded` },
      {
        cycles_billed: s.cycles_billed + 1,
        failed_charge_count: 0,
        next_retry_at: null,
        hard_declined: false,
      },
    )
    return
  }
  if (kind === 'initial') return // the customer may try again on the page until it expires
  if (outcome === 'transport_error') {
    const patch = { next_retry_at: new Date(now.getTime() + TRANSPORT_RETRY_MS) }
    await changeStatus(ctx, trx, s, 'past_due', { ...change, reason: 'processor_unreachable' }, patch)
    return
  }
  const failures = s.status === 'past_due' ? s.failed_charge_count + 1 : 1
  const hard = message !== null && isHardDecline(message)
  const schedule = dunning.retry_days.slice(0, MAX_RETRIES)
  const firstFailureAt = s.current_period_start ?? now
  if (failures > schedule.length) {
    await changeStatus(
      ctx,
      trx,
      s,
      finalStatus[dunning.final_action],
      { ...change, reason: 'dunning_exhausted' },
      {
        failed_charge_count: failures,
        next_retry_at: null,
        ...(dunning.final_action === 'cancel' ? { canceled_at: now } : {}),
      },
    )
    return
  }
  const nextRetry = new Date(firstFailureAt.getTime() + schedule[failures - 1] * DAY_MS)
  await changeStatus(
    ctx,
    trx,
    s,
    'past_due',
    { ...change, reason: hard ? 'hard_decline' : `${kind}_declined` },
    {
      failed_charge_count: failures,
      next_retry_at: hard ? null : nextRetry,
      hard_declined: hard,
    },
  )
  if (s.status !== 'past_due') await emailPastDue(ctx, trx, s, orgName, now)
}
