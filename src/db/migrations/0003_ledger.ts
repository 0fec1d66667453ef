import { sql, type Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// Money movement: a double-entry ledger (accounts, append-only journal entries and postings) and refunds.
// The database, not only the code, guarantees: every entry sums to zero (deferred constraint trigger),
// entries and postings are never changed or removed, account balances equal the sum of their postings
// (only the posting trigger may change them), merchant balances never go negative (CHECK), and the
// refunds of a payment never exceed what was charged (trigger under the payment's row lock).
export async function up(trx: Transaction<any>): Promise<void> {
  await exec(
    trx,
    `create table ledger_accounts (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id),
      environment text not null check (environment in ('sandbox', 'production')),
      currency text not null check (currency in ('USD', 'EUR')),
      kind text not null check (kind in ('pending', 'available', 'reserve', 'refund_held', 'platform_fees', 'provider_clearing')),
      balance_minor bigint not null default 0,
      updated_at timestamptz not null default now(),
      unique (organization_id, environment, currency, kind),
      -- Merchant-side balances and fees are liabilities: never below zero. Clearing mirrors the provider's side.
      constraint ledger_accounts_non_negative check (kind = 'provider_clearing' or balance_minor >= 0)
    )`,
    `create table journal_entries (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id),
      environment text not null check (environment in ('sandbox', 'production')),
      currency text not null check (currency in ('USD', 'EUR')),
      kind text not null check (kind in ('payment_received', 'deposit_settled', 'reserve_released', 'refund_held', 'refund_completed', 'refund_released')),
      -- One entry per (subject, movement): a retried or raced posting hits this key and does nothing.
      posting_key text not null unique,
      transaction_id bigint references transactions(id),
      refund_id bigint,
      memo text,
      created_at timestamptz not null default now()
    )`,
    `create index journal_entries_org_idx on journal_entries (organization_id, environment, id desc)`,
    `create index journal_entries_tx_idx on journal_entries (transaction_id) where transaction_id is not null`,
    `create table ledger_postings (
      id bigint generated always as identity primary key,
      entry_id bigint not null references journal_entries(id),
      account_id bigint not null references ledger_accounts(id),
      amount_minor bigint not null check (amount_minor <> 0)
    )`,
    `create index ledger_postings_entry_idx on ledger_postings (entry_id)`,
    `create index ledger_postings_account_idx on ledger_postings (account_id)`,

    // Balances move only through postings: the posting trigger is the one writer (trigger depth 2).
    `create function ledger_apply_posting() returns trigger language plpgsql as $$
    begin
      update ledger_accounts set balance_minor = balance_minor + new.amount_minor, updated_at = now() where id = new.account_id;
      return null;
    end $$`,
    `create trigger ledger_postings_apply after insert on ledger_postings for each row execute function ledger_apply_posting()`,
    `create function ledger_guard_account() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        if new.balance_minor <> 0 then raise exception 'a ledger account starts at zero' using errcode = 'check_violation'; end if;
        return new;
      end if;
      if tg_op = 'DELETE' then raise exception 'ledger accounts are never deleted' using errcode = 'check_violation'; end if;
      if (new.organization_id, new.environment, new.currency, new.kind) is distinct from (old.organization_id, old.environment, old.currency, old.kind) then
        raise exception 'a ledger account keeps its owner, currency and kind' using errcode = 'check_violation';
      end if;
      if new.balance_minor is distinct from old.balance_minor and pg_trigger_depth() < 2 then
        raise exception 'ledger balances change only through postings' using errcode = 'check_violation';
      end if;
      return new;
    end $$`,
    `create trigger ledger_accounts_guard before insert or update or delete on ledger_accounts for each row execute function ledger_guard_account()`,

    // Append-only journal.
    `create function ledger_append_only() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'check_violation';
    end $$`,
    `create trigger journal_entries_append_only before update or delete on journal_entries for each row execute function ledger_append_only()`,
    `create trigger journal_entries_no_truncate before truncate on journal_entries for each statement execute function ledger_append_only()`,
    `create trigger ledger_postings_append_only before update or delete on ledger_postings for each row execute function ledger_append_only()`,
    `create trigger ledger_postings_no_truncate before truncate on ledger_postings for each statement execute function ledger_append_only()`,

    // Every entry balances, with at least two postings on accounts of its own tenant and currency.
    // Deferred to commit, so an entry and its postings can be inserted in any order within a transaction.
    `create function ledger_assert_balanced(v_entry bigint) returns void language plpgsql as $$
    declare
      v_sum numeric;
      v_count integer;
      v_foreign integer;
    begin
      select coalesce(sum(p.amount_minor), 0), count(p.id),
             count(*) filter (where a.organization_id <> e.organization_id or a.environment <> e.environment or a.currency <> e.currency)
        into v_sum, v_count, v_foreign
        from journal_entries e
        left join ledger_postings p on p.entry_id = e.id
        left join ledger_accounts a on a.id = p.account_id
       where e.id = v_entry;
      if v_count < 2 or v_sum <> 0 or v_foreign > 0 then
        raise exception 'journal entry % does not balance (sum %, % postings, % on foreign accounts)', v_entry, v_sum, v_count, v_foreign
          using errcode = 'check_violation';
      end if;
    end $$`,
    `create function ledger_check_entry() returns trigger language plpgsql as $$
    begin
      perform ledger_assert_balanced(new.id);
      return null;
    end $$`,
    `create function ledger_check_posting() returns trigger language plpgsql as $$
    begin
      perform ledger_assert_balanced(new.entry_id);
      return null;
    end $$`,
    `create constraint trigger journal_entries_balanced after insert on journal_entries deferrable initially deferred
      for each row execute function ledger_check_entry()`,
    `create constraint trigger ledger_postings_balanced after insert on ledger_postings deferrable initially deferred
      for each row execute function ledger_check_posting()`,

    // Rolling reserve: one hold per settled payment, released by the worker when due.
    `create table reserve_holds (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id),
      environment text not null check (environment in ('sandbox', 'production')),
      currency text not null check (currency in ('USD', 'EUR')),
      transaction_id bigint not null unique references transactions(id),
      amount_minor bigint not null check (amount_minor > 0),
      release_at timestamptz not null,
      released_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    `create index reserve_holds_due_idx on reserve_holds (release_at) where released_at is null`,

    `create table refunds (
      id bigint generated always as identity primary key,
      public_id text not null unique,
      organization_id bigint not null references organizations(id),
      environment text not null check (environment in ('sandbox', 'production')),
      transaction_id bigint not null references transactions(id),
      transaction_public_id text not null,
      currency text not null check (currency in ('USD', 'EUR')),
      amount_minor bigint not null check (amount_minor > 0),
      fx_rate_usd text not null,
      amount_usd_minor bigint not null check (amount_usd_minor >= 0),
      reason text not null check (char_length(reason) between 1 and 500),
      status text not null default 'pending' check (status in ('pending', 'processing', 'completed', 'failed', 'rejected')),
      provider_refund_id text,
      failure_message text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create index refunds_tx_idx on refunds (transaction_id)`,
    // List indexes: one per ordering, with and without the status filter; id breaks ties for stable pages.
    `create index refunds_list_created_idx on refunds (organization_id, environment, created_at, id)`,
    `create index refunds_list_amount_idx on refunds (organization_id, environment, amount_minor, id)`,
    `create index refunds_list_status_created_idx on refunds (organization_id, environment, status, created_at, id)`,
    `create index refunds_list_status_amount_idx on refunds (organization_id, environment, status, amount_minor, id)`,
    `create index refunds_search_tx_idx on refunds (organization_id, environment, transaction_public_id)`,

    // Lifecycle pending → processing → completed | failed | rejected; a final refund never changes again.
    `create function refunds_guard() returns trigger language plpgsql as $$
    declare
      v_gross bigint;
      v_committed numeric;
    begin
      if tg_op = 'UPDATE' and new.status is distinct from old.status and not (
           (old.status = 'pending' and new.status in ('processing', 'failed', 'rejected'))
        or (old.status = 'processing' and new.status in ('completed', 'failed', 'rejected'))) then
        raise exception 'a refund cannot go from % to %', old.status, new.status using errcode = 'check_violation';
      end if;
      if tg_op = 'UPDATE' and (new.amount_minor, new.transaction_id, new.currency) is distinct from (old.amount_minor, old.transaction_id, old.currency) then
        raise exception 'a refund keeps its payment, amount and currency' using errcode = 'check_violation';
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
    `create trigger refunds_guard after insert or update on refunds for each row execute function refunds_guard()`,
  )
  await createSearchIndex(trx)
}

/**
 * A trigram index makes `search` on reasons fast on PostgreSQL. pg_trgm may be missing (PGlite, or no
 * privilege to create extensions): then search still works, by scanning, so a savepoint contains the failure.
 */
async function createSearchIndex(trx: Transaction<any>): Promise<void> {
  await sql`savepoint refunds_trgm`.execute(trx)
  try {
    await sql`create extension if not exists pg_trgm`.execute(trx)
    await sql`create index refunds_reason_trgm_idx on refunds using gin (reason gin_trgm_ops)`.execute(trx)
    await sql`release savepoint refunds_trgm`.execute(trx)
  } catch {
    await sql`rollback to savepoint refunds_trgm`.execute(trx)
  }
}
