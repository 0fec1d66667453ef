import type { Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// Customer credit (from proration) moves into the ledger. A `customer_credit` account per customer and
// currency holds what the customer may spend on the next charges; its merchant-side mirror is the
// tenant's `credit_issued` account (never positive: minus the credit outstanding). A proration credit
// posts `credit_granted` (credit_issued −x, customer_credit +x); applying it to a charge posts
// `credit_applied` (the reverse). The subscriptions column is dropped: the balance is the ledger's.
// Balances already in the column are carried over as one `credit_granted` entry per subscription.
export async function up(trx: Transaction<any>): Promise<void> {
  await exec(
    trx,
    `alter table ledger_accounts add column customer_id bigint references customers(id)`,
    `alter table ledger_accounts drop constraint ledger_accounts_kind_check`,
    `alter table ledger_accounts add constraint ledger_accounts_kind_check check (kind in ('pending', 'available', 'reserve', 'refund_held', 'platform_fees', 'provider_clearing', 'credit_issued', 'customer_credit'))`,
    `alter table ledger_accounts add constraint ledger_accounts_customer_kind check ((kind = 'customer_credit') = (customer_id is not null))`,
    `alter table ledger_accounts drop constraint ledger_accounts_non_negative`,
    `alter table ledger_accounts add constraint ledger_accounts_non_negative check (kind in ('provider_clearing', 'credit_issued') or balance_minor >= 0)`,
    `alter table ledger_accounts add constraint ledger_accounts_credit_issued_non_positive check (kind <> 'credit_issued' or balance_minor <= 0)`,
    `alter table ledger_accounts drop constraint ledger_accounts_organization_id_environment_currency_kind_key`,
    `create unique index ledger_accounts_tenant_kind_key on ledger_accounts (organization_id, environment, currency, kind) where customer_id is null`,
    `create unique index ledger_accounts_customer_key on ledger_accounts (customer_id, currency) where customer_id is not null`,
    `create or replace function ledger_guard_account() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        if new.balance_minor <> 0 then raise exception 'a ledger account starts at zero' using errcode = 'check_violation'; end if;
        return new;
      end if;
      if tg_op = 'DELETE' then raise exception 'ledger accounts are never deleted' using errcode = 'check_violation'; end if;
      if (new.organization_id, new.environment, new.currency, new.kind, new.customer_id) is distinct from (old.organization_id, old.environment, old.currency, old.kind, old.customer_id) then
        raise exception 'a ledger account keeps its owner, currency and kind' using errcode = 'check_violation';
      end if;
      if new.balance_minor is distinct from old.balance_minor and pg_trigger_depth() < 2 then
        raise exception 'ledger balances change only through postings' using errcode = 'check_violation';
      end if;
      return new;
    end $$`,
    `alter table journal_entries drop constraint journal_entries_kind_check`,
    `alter table journal_entries add constraint journal_entries_kind_check check (kind in ('payment_received', 'deposit_settled', 'reserve_released', 'refund_held', 'refund_completed', 'refund_released', 'credit_granted', 'credit_applied'))`,
    // Carry over existing balances.
    `insert into ledger_accounts (organization_id, environment, currency, kind)
      select distinct organization_id, environment, currency, 'credit_issued' from subscriptions where credit_balance_minor > 0
      on conflict (organization_id, environment, currency, kind) where customer_id is null do nothing`,
    `insert into ledger_accounts (organization_id, environment, currency, kind, customer_id)
      select distinct organization_id, environment, currency, 'customer_credit', customer_id from subscriptions where credit_balance_minor > 0
      on conflict (customer_id, currency) where customer_id is not null do nothing`,
    `insert into journal_entries (organization_id, environment, currency, kind, posting_key, memo)
      select organization_id, environment, currency, 'credit_granted', 'subscription:' || id || ':credit_carried_over',
        'credit balance carried over from the subscription'
      from subscriptions where credit_balance_minor > 0`,
    `insert into ledger_postings (entry_id, account_id, amount_minor)
      select e.id, a.id, case when a.kind = 'customer_credit' then s.credit_balance_minor else -s.credit_balance_minor end
      from subscriptions s
      join journal_entries e on e.posting_key = 'subscription:' || s.id || ':credit_carried_over'
      join ledger_accounts a on a.organization_id = s.organization_id and a.environment = s.environment and a.currency = s.currency
        and ((a.kind = 'customer_credit' and a.customer_id = s.customer_id) or (a.kind = 'credit_issued' and a.customer_id is null))
      where s.credit_balance_minor > 0
      order by a.id`,
    `alter table subscriptions drop column credit_balance_minor`,
  )
}
