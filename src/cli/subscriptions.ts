import type { DashboardUser } from '../modules/auth/index.ts'
import { advanceClock, createClock, getSubscription, listSubscriptionsFor } from '../modules/subscriptions/index.ts'
import { withPlatform } from './admin.ts'
import { orgId, output, parse, required, UsageError, type CommandContext } from './io.ts'

// `kassa subscription list|show`, `kassa test-clock create|advance`: the operator acts as the
// organization's owner would in the dashboard (reads, and sandbox test clocks only).

const operator = (organizationId: number): DashboardUser => ({
  sessionId: 0,
  userId: 0,
  organizationId,
  role: 'owner',
  email: 'operator@cli',
  expiresAt: new Date(8.64e15),
  ip: '127.0.0.1',
})

function environmentOf(raw: unknown) {
  if (raw === undefined) return null
  if (raw !== 'sandbox' && raw !== 'production') throw new UsageError('--env must be sandbox or production')
  return raw
}

/** `kassa subscription list --org ID [--env E] [--status S] [--json]`. */
export async function subscriptionList(cli: CommandContext): Promise<void> {
  const { values } = parse(cli.argv, { org: { type: 'string' }, env: { type: 'string' }, status: { type: 'string' } })
  required(values, 'org')
  const user = operator(orgId(values.org))
  const result = await withPlatform((ctx) =>
    listSubscriptionsFor(ctx, user, environmentOf(values.env), {
      page_size: 100,
      status: values.status as never,
    }),
  )
  output(
    cli,
    { total: result.total, subscriptions: result.items },
    result.items.length === 0
      ? 'No subscriptions.'
      : result.items.map(
          (s) =>
            `${s.id}  ${s.status.padEnd(18)} ${s.amount} ${s.currency}/${s.plan.recurring_interval}  ${s.customer.email}  next ${s.next_charge_at ?? '-'}`,
        ),
  )
}

/** `kassa subscription show --org ID sub_… [--json]`. */
export async function subscriptionShow(cli: CommandContext): Promise<void> {
  const { values, positionals } = parse(cli.argv, { org: { type: 'string' } })
  required(values, 'org')
  const id = positionals[0]
  if (!id) throw new UsageError('give the subscription id: kassa subscription show --org ID sub_…')
  const s = await withPlatform((ctx) => getSubscription(ctx, operator(orgId(values.org)), id, null))
  output(cli, s as unknown as Record<string, unknown>, [
    `${s.id} (${s.environment}) ${s.status}${s.cancel_at_period_end ? ', cancels at period end' : ''}`,
    `plan: ${s.plan.name} ${s.plan.unit_amount} ${s.currency} × ${s.quantity} every ${s.plan.recurring_interval_count} ${s.plan.recurring_interval}`,
    `customer: ${s.customer.email}`,
    `period: ${s.current_period_start ?? '-'} → ${s.current_period_end ?? '-'}; next charge ${s.next_charge_at ?? '-'}`,
    ...(s.charges ?? []).map((c) => `  ${c.id} ${c.kind} ${c.amount} ${c.currency} ${c.status} ${c.created_at}`),
  ])
}

/** `kassa test-clock create --org ID --time ISO [--json]`. */
export async function testClockCreate(cli: CommandContext): Promise<void> {
  const { values } = parse(cli.argv, { org: { type: 'string' }, time: { type: 'string' } })
  required(values, 'org', 'time')
  const clock = await withPlatform((ctx) => createClock(ctx, operator(orgId(values.org)), values.time as string))
  output(cli, clock, `${clock.id} frozen at ${clock.frozen_time}`)
}

/** `kassa test-clock advance --org ID clock_… --time ISO [--json]`: returns when everything due has run. */
export async function testClockAdvance(cli: CommandContext): Promise<void> {
  const { values, positionals } = parse(cli.argv, { org: { type: 'string' }, time: { type: 'string' } })
  required(values, 'org', 'time')
  const id = positionals[0]
  if (!id) throw new UsageError('give the clock id: kassa test-clock advance --org ID clock_… --time ISO')
  const clock = await withPlatform((ctx) => advanceClock(ctx, operator(orgId(values.org)), id, values.time as string))
  output(cli, clock, `${clock.id} now at ${clock.frozen_time}`)
}
