import type { Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// Payments on a processor's hosted page (Inflow). Inflow has no idempotency keys, so every create is
// recorded BEFORE the call (processor_payments, state `creating`) and reconciled by reading afterwards;
// inbound webhooks are deduplicated on the delivery id and on (payment, status, updatedAt); what is not
// final is re-read on a schedule (processor_checks); a payment whose amount or currency differs from
// Kassa's is flagged for review on the transaction and moves no money.
export async function up(trx: Transaction<any>): Promise<void> {
  await exec(
    trx,
    `create table processor_payments (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id),
      environment text not null check (environment in ('sandbox', 'production')),
      checkout_session_id bigint not null references checkout_sessions(id),
      transaction_id bigint not null references transactions(id),
      provider text not null,
      -- Kassa's reference, sent in the processor's metadata: how a lost create answer is found again.
      reference text not null unique,
      provider_payment_id text,
      redirect_url text,
      state text not null default 'creating'
        check (state in ('creating', 'unknown', 'open', 'succeeded', 'failed', 'canceled', 'abandoned', 'rejected')),
      provider_status text,
      provider_updated_at text,
      failure_message text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create unique index processor_payments_provider_id_idx on processor_payments (provider, environment, provider_payment_id)
      where provider_payment_id is not null`,
    `create index processor_payments_session_idx on processor_payments (checkout_session_id, id desc)`,
    `create table processor_checks (
      id bigint generated always as identity primary key,
      kind text not null check (kind in ('payment', 'refund')),
      subject_id bigint not null,
      checks integer not null default 0,
      started_at timestamptz not null,
      next_check_at timestamptz not null,
      stop_after timestamptz not null,
      unique (kind, subject_id)
    )`,
    `create index processor_checks_due_idx on processor_checks (next_check_at)`,
    `create table processor_webhook_deliveries (
      provider text not null,
      environment text not null check (environment in ('sandbox', 'production')),
      delivery_id text not null,
      events integer not null,
      received_at timestamptz not null default now(),
      primary key (provider, environment, delivery_id)
    )`,
    `create table processor_payment_changes (
      provider text not null,
      environment text not null check (environment in ('sandbox', 'production')),
      provider_payment_id text not null,
      status text not null,
      provider_updated_at text not null,
      seen_at timestamptz not null default now(),
      primary key (provider, environment, provider_payment_id, status, provider_updated_at)
    )`,
    `alter table transactions add column review_reason text, add column review_flagged_at timestamptz`,
    `alter table refunds add column provider_submitted_at timestamptz`,
  )
}
