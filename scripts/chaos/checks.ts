import type pg from 'pg'

// The invariants a chaos run must end with, read straight from the database the fleet used.

const STATE_EVENTS = ['transaction.status_changed', 'refund.status_changed']

export interface Backlog {
  deliveriesPending: number
  refundsInFlight: number
  jobsDue: number
  paymentsProcessing: number
}

async function query<T>(client: pg.Client, text: string, values: unknown[] = []): Promise<T[]> {
  return (await client.query(text, values)).rows as T[]
}

export async function backlog(client: pg.Client): Promise<Backlog> {
  const [row] = await query<Record<keyof Backlog, string>>(
    client,
    `select
      (select count(*) from webhook_deliveries where status = 'pending') as "deliveriesPending",
      (select count(*) from refunds where status in ('pending', 'processing')) as "refundsInFlight",
      (select count(*) from jobs where queue not like 'dead:%' and queue not like 'periodic:%') as "jobsDue",
      (select count(*) from transactions where status = 'processing') as "paymentsProcessing"`,
  )
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as Backlog
}

/** Waits until no delivery, refund or job is left to do; the backlog left at the deadline otherwise. */
export async function drain(client: pg.Client, timeoutMs: number): Promise<{ ms: number; left: Backlog }> {
  const started = Date.now()
  for (;;) {
    const left = await backlog(client)
    const done = left.deliveriesPending === 0 && left.refundsInFlight === 0 && left.jobsDue === 0
    if (done || Date.now() - started > timeoutMs) return { ms: Date.now() - started, left }
    await new Promise((r) => setTimeout(r, 500))
  }
}

export interface Totals {
  payments: Record<string, number>
  refunds: Record<string, number>
  stateEvents: number
  deliveries: Record<string, number>
  attempts: number
}

export async function totals(client: pg.Client): Promise<Totals> {
  const grouped = async (sql: string) =>
    Object.fromEntries((await query<{ k: string; n: string }>(client, sql)).map((r) => [r.k, Number(r.n)]))
  const [events] = await query<{ n: string }>(client, 'select count(*) as n from events where type = any($1)', [
    STATE_EVENTS,
  ])
  const [attempts] = await query<{ n: string }>(client, 'select count(*) as n from webhook_attempts')
  return {
    payments: await grouped('select status as k, count(*) as n from transactions group by 1 order by 1'),
    refunds: await grouped('select status as k, count(*) as n from refunds group by 1 order by 1'),
    stateEvents: Number(events.n),
    deliveries: await grouped('select status as k, count(*) as n from webhook_deliveries group by 1 order by 1'),
    attempts: Number(attempts.n),
  }
}

/** Every violated invariant, as one line each (at most `limit` per invariant). */
export async function invariantViolations(
  client: pg.Client,
  accepted: ReadonlyMap<string, number>,
  limit = 20,
): Promise<string[]> {
  const violations: string[] = []
  const events = await query<{ event_id: string; type: string; subject_id: string }>(
    client,
    `select coalesce(payload->>'event_id', public_id) as event_id, type, subject_id from events
      where type = any($1) order by id`,
    [STATE_EVENTS],
  )
  const undelivered = events.filter((e) => !accepted.has(e.event_id))
  for (const e of undelivered.slice(0, limit))
    violations.push(`not delivered: ${e.type} ${e.event_id} (${e.subject_id})`)
  if (undelivered.length > limit) violations.push(`… and ${undelivered.length - limit} more events not delivered`)

  // A posting set is one journal entry: one per (kind, payment, refund). Two are a double posting,
  // whatever their posting_key says.
  const duplicates = await query<{ kind: string; transaction_id: string; refund_id: string; n: string }>(
    client,
    `select kind, transaction_id, refund_id, count(*) as n from journal_entries
      group by kind, transaction_id, refund_id having count(*) > 1 limit $1`,
    [limit],
  )
  for (const d of duplicates)
    violations.push(`duplicate ledger posting: ${d.kind} payment ${d.transaction_id} refund ${d.refund_id} × ${d.n}`)

  const overRefunded = await query<{ public_id: string; gross: string; committed: string; refunded: string }>(
    client,
    `select t.public_id, t.gross_amount_minor as gross, t.amount_refunded_minor as refunded,
        coalesce(sum(r.amount_minor) filter (where r.status in ('pending', 'processing', 'completed')), 0) as committed
      from transactions t left join refunds r on r.transaction_id = t.id
      group by t.id
      having coalesce(sum(r.amount_minor) filter (where r.status in ('pending', 'processing', 'completed')), 0) > t.gross_amount_minor
        or t.amount_refunded_minor > t.gross_amount_minor
      limit $1`,
    [limit],
  )
  for (const o of overRefunded)
    violations.push(
      `over-refund: ${o.public_id} gross ${o.gross}, refunds ${o.committed}, amount_refunded ${o.refunded} (minor units)`,
    )
  return violations
}
