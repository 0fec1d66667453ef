import type { Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// Webhooks: endpoints, one delivery per event × endpoint, one row per HTTP attempt.
//
// Fan-out is a trigger on `events`: the delivery rows are written by the very transaction that
// records the event (itself the transaction of the state change), so a delivery exists iff the
// event commits. No cursor over `events.id` is needed, so identity values committing out of order
// (PostgreSQL hands them out before commit) can never make a worker skip an event, and the unique
// index makes the automatic delivery exactly-once per event × endpoint whatever the worker count.
// `pg_notify` wakes listening delivery workers at commit (the p50 ≤ 50 ms target); they poll too.
export async function up(trx: Transaction<any>): Promise<void> {
  await exec(
    trx,
    `create table webhook_endpoints (
      id bigint generated always as identity primary key,
      public_id text not null unique,
      organization_id bigint not null references organizations(id),
      environment text not null check (environment in ('sandbox', 'production')),
      url text not null check (length(url) <= 2048),
      description text,
      secret_encrypted text not null check (secret_encrypted like 'v1:%'),
      enabled boolean not null default true,
      disabled_reason text,
      event_types text[] not null default '{}',
      first_failure_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    )`,
    `create index webhook_endpoints_org_idx on webhook_endpoints (organization_id, environment) where deleted_at is null`,
    `create table webhook_deliveries (
      id bigint generated always as identity primary key,
      delivery_id uuid not null unique default gen_random_uuid(),
      endpoint_id bigint not null references webhook_endpoints(id),
      event_id bigint not null references events(id),
      organization_id bigint not null references organizations(id),
      environment text not null check (environment in ('sandbox', 'production')),
      event_type text not null,
      kind text not null default 'automatic' check (kind in ('automatic', 'resend', 'replay', 'test')),
      status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
      attempts integer not null default 0 check (attempts >= 0),
      next_attempt_at timestamptz not null default now(),
      locked_until timestamptz,
      locked_by text,
      last_status_code integer,
      last_error text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      completed_at timestamptz
    )`,
    // Exactly one automatic delivery per event × endpoint; resends and replays are extra rows.
    `create unique index webhook_deliveries_automatic_key on webhook_deliveries (event_id, endpoint_id) where kind = 'automatic'`,
    `create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending'`,
    `create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, id desc)`,
    `create index webhook_deliveries_org_idx on webhook_deliveries (organization_id, environment, id desc)`,
    `create table webhook_attempts (
      id bigint generated always as identity primary key,
      delivery_id bigint not null references webhook_deliveries(id),
      attempt_number integer not null check (attempt_number >= 1),
      attempted_at timestamptz not null,
      status_code integer,
      duration_ms integer not null check (duration_ms >= 0),
      error text,
      response_body text check (octet_length(response_body) <= 2048),
      worker_id text
    )`,
    `create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id, id)`,
    `create index events_created_idx on events (organization_id, environment, created_at)`,
    `create function kassa_webhooks_fan_out() returns trigger language plpgsql as $$
    begin
      -- webhook.test goes only where the sender points it (the service inserts those rows itself).
      if new.type = 'webhook.test' then
        return null;
      end if;
      insert into webhook_deliveries (endpoint_id, event_id, organization_id, environment, event_type, next_attempt_at)
        select e.id, new.id, new.organization_id, new.environment, new.type, new.created_at
        from webhook_endpoints e
        where e.organization_id = new.organization_id and e.environment = new.environment
          and e.enabled and e.deleted_at is null
          and (cardinality(e.event_types) = 0 or new.type = any(e.event_types))
        on conflict do nothing;
      if found then
        perform pg_notify('kassa_webhooks', '');
      end if;
      return null;
    end
    $$`,
    `create trigger events_webhooks_fan_out after insert on events for each row execute function kassa_webhooks_fan_out()`,
  )
}
