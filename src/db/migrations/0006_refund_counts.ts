import type { Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// Per-day refund counts by status, kept by trigger in the refund's own transaction: the X-Total-Count of
// a refund list filtered by status and dates sums whole days here and counts only the two partial edge
// days row by row, so it stays exact and fast over millions of refunds (bench/results/money.md).
// A refund's tenant and creation time become immutable too, since the counts are keyed by them.
export async function up(trx: Transaction<any>): Promise<void> {
  await exec(
    trx,
    `create or replace function refunds_guard() returns trigger language plpgsql as $$
    declare
      v_gross bigint;
      v_committed numeric;
    begin
      if tg_op = 'UPDATE' and new.status is distinct from old.status and not (
           (old.status = 'pending' and new.status in ('processing', 'failed', 'rejected'))
        or (old.status = 'processing' and new.status in ('completed', 'failed', 'rejected'))) then
        raise exception 'a refund cannot go from % to %', old.status, new.status using errcode = 'check_violation';
      end if;
      if tg_op = 'UPDATE' and (new.amount_minor, new.transaction_id, new.currency, new.organization_id, new.environment, new.created_at)
          is distinct from (old.amount_minor, old.transaction_id, old.currency, old.organization_id, old.environment, old.created_at) then
        raise exception 'a refund keeps its payment, tenant, amount, currency and creation time' using errcode = 'check_violation';
      end if;
      -- Refunds in flight or completed never exceed the gross charged. The payment row lock makes this
      -- race-free: two concurrent refunds of one payment are checked one after the other.
      select gross_amount_minor into v_gross from transactions where id = new.transaction_id for update;
      select coalesce(sum(amount_minor), 0) into v_committed from refunds
       where transaction_id = new.transaction_id and status in ('pending', 'processing', 'completed');
      if v_committed > v_gross then
        raise exception 'refunds of payment % (%) exceed its gross amount %', new.transaction_id, v_committed, v_gross using errcode = 'check_violation';
      end if;
      return new;
    end $$`,
    `create table refund_daily_counts (
      organization_id bigint not null,
      environment text not null,
      day date not null,
      status text not null,
      n bigint not null check (n >= 0),
      primary key (organization_id, environment, day, status)
    )`,
    `insert into refund_daily_counts (organization_id, environment, day, status, n)
      select organization_id, environment, (created_at at time zone 'UTC')::date, status, count(*) from refunds group by 1, 2, 3, 4`,
    `create function refunds_count() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if new.status is not distinct from old.status then return null; end if;
        update refund_daily_counts set n = n - 1
         where organization_id = old.organization_id and environment = old.environment
           and day = (old.created_at at time zone 'UTC')::date and status = old.status;
      end if;
      insert into refund_daily_counts (organization_id, environment, day, status, n)
      values (new.organization_id, new.environment, (new.created_at at time zone 'UTC')::date, new.status, 1)
      on conflict (organization_id, environment, day, status) do update set n = refund_daily_counts.n + 1;
      return null;
    end $$`,
    `create trigger refunds_count after insert or update of status on refunds for each row execute function refunds_count()`,
  )
}
