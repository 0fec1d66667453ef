import type { Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// Dashboard overview charts and the `incomplete` label.
// - transactions.first_attempt_at: set by trigger on the first deposit attempt; a `processing`
//   payment without one is a checkout nobody tried to pay (shown as "incomplete", left out of counts).
// - payment_daily_stats / refund_daily_stats: per-day (UTC) count and amount by tenant, currency and
//   status, kept by deferred constraint triggers in the writer's own transaction (as refund_daily_counts),
//   so GET /api/organization/stats/ reads at most a few rows per day instead of every payment.
// - users.name: the name an invitee gives when accepting.
// - events by subject: a payment's timeline reads its events and their webhook deliveries.
export async function up(trx: Transaction<any>): Promise<void> {
  await exec(
    trx,
    `alter table users add column name text check (char_length(name) <= 200)`,
    `create index events_subject_idx on events (organization_id, environment, subject_id) where subject_id is not null`,
    `alter table transactions add column first_attempt_at timestamptz`,
    `update transactions t set first_attempt_at = a.first
       from (select transaction_id, min(attempted_at) as first from deposit_attempts group by 1) a
      where a.transaction_id = t.id`,
    `create function deposit_attempts_mark_first() returns trigger language plpgsql as $$
    begin
      update transactions set first_attempt_at = new.attempted_at
       where id = new.transaction_id and first_attempt_at is null;
      return null;
    end $$`,
    `create trigger deposit_attempts_mark_first after insert on deposit_attempts
      for each row execute function deposit_attempts_mark_first()`,

    `create table payment_daily_stats (
      organization_id bigint not null,
      environment text not null,
      day date not null,
      currency text not null,
      status text not null,
      attempted boolean not null,
      n bigint not null check (n >= 0),
      gross_minor bigint not null check (gross_minor >= 0),
      primary key (organization_id, environment, day, currency, status, attempted)
    )`,
    `insert into payment_daily_stats (organization_id, environment, day, currency, status, attempted, n, gross_minor)
      select organization_id, environment, (created_at at time zone 'UTC')::date, currency, status,
             first_attempt_at is not null, count(*), sum(gross_amount_minor)
        from transactions group by 1, 2, 3, 4, 5, 6`,
    `create function payments_daily_stats() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if (new.status, new.first_attempt_at is not null) is not distinct from (old.status, old.first_attempt_at is not null)
          then return null; end if;
        update payment_daily_stats set n = n - 1, gross_minor = gross_minor - old.gross_amount_minor
         where organization_id = old.organization_id and environment = old.environment
           and day = (old.created_at at time zone 'UTC')::date and currency = old.currency
           and status = old.status and attempted = (old.first_attempt_at is not null);
      end if;
      insert into payment_daily_stats (organization_id, environment, day, currency, status, attempted, n, gross_minor)
      values (new.organization_id, new.environment, (new.created_at at time zone 'UTC')::date, new.currency,
              new.status, new.first_attempt_at is not null, 1, new.gross_amount_minor)
      on conflict (organization_id, environment, day, currency, status, attempted)
      do update set n = payment_daily_stats.n + 1, gross_minor = payment_daily_stats.gross_minor + excluded.gross_minor;
      return null;
    end $$`,
    // Deferred to commit: the hot per-day row is locked only while the writer commits.
    `create constraint trigger payments_daily_stats after insert or update of status, first_attempt_at on transactions
      deferrable initially deferred for each row execute function payments_daily_stats()`,

    `create table refund_daily_stats (
      organization_id bigint not null,
      environment text not null,
      day date not null,
      currency text not null,
      status text not null,
      n bigint not null check (n >= 0),
      amount_minor bigint not null check (amount_minor >= 0),
      primary key (organization_id, environment, day, currency, status)
    )`,
    `insert into refund_daily_stats (organization_id, environment, day, currency, status, n, amount_minor)
      select organization_id, environment, (created_at at time zone 'UTC')::date, currency, status, count(*), sum(amount_minor)
        from refunds group by 1, 2, 3, 4, 5`,
    `create function refunds_daily_stats() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if new.status is not distinct from old.status then return null; end if;
        update refund_daily_stats set n = n - 1, amount_minor = amount_minor - old.amount_minor
         where organization_id = old.organization_id and environment = old.environment
           and day = (old.created_at at time zone 'UTC')::date and currency = old.currency and status = old.status;
      end if;
      insert into refund_daily_stats (organization_id, environment, day, currency, status, n, amount_minor)
      values (new.organization_id, new.environment, (new.created_at at time zone 'UTC')::date, new.currency,
              new.status, 1, new.amount_minor)
      on conflict (organization_id, environment, day, currency, status)
      do update set n = refund_daily_stats.n + 1, amount_minor = refund_daily_stats.amount_minor + excluded.amount_minor;
      return null;
    end $$`,
    `create constraint trigger refunds_daily_stats after insert or update of status on refunds
      deferrable initially deferred for each row execute function refunds_daily_stats()`,
  )
}
