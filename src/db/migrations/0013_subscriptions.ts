import type { Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// Subscriptions: recurring price cadence, customers with a saved payment method (a processor token,
// never a card number), subscriptions with their price snapshot and change history, test clocks, and
// subscription charges as ordinary payments.
export async function up(trx: Transaction<any>): Promise<void> {
  await exec(
    trx,
    `alter table product_prices
      add column recurring_interval_count integer not null default 1 check (recurring_interval_count between 1 and 365),
      add column trial_days integer check (trial_days between 1 and 365)`,
    `alter table organizations
      add column timezone text not null default 'UTC',
      add column dunning jsonb not null default '{"retry_days":[1,3,7],"final_action":"unpaid"}'::jsonb`,
    `create table test_clocks (
      id bigint generated always as identity primary key,
      public_id text not null unique,
      organization_id bigint not null references organizations(id),
      environment text not null check (environment = 'sandbox'),
      frozen_time timestamptz not null,
      status text not null default 'ready' check (status in ('ready', 'advancing')),
      deleted_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create index test_clocks_org_idx on test_clocks (organization_id, environment, id desc)`,
    `create table customers (
      id bigint generated always as identity primary key,
      public_id text not null unique,
      organization_id bigint not null references organizations(id),
      environment text not null check (environment in ('sandbox', 'production')),
      email text not null check (char_length(email) between 3 and 254),
      first_name text not null,
      last_name text not null,
      country text not null check (country ~ '^[A-Z]{2}$'),
      postal_code text,
      -- The processor's saved-card token (pm_…) and its summary; Kassa never holds the card number.
      payment_method_token text,
      card_brand text,
      card_last4 text check (card_last4 is null or card_last4 ~ '^[0-9]{4}$'),
      card_exp_month integer,
      card_exp_year integer,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create index customers_org_email_idx on customers (organization_id, environment, lower(email))`,
    `create table subscriptions (
      id bigint generated always as identity primary key,
      public_id text not null unique,
      organization_id bigint not null references organizations(id),
      environment text not null check (environment in ('sandbox', 'production')),
      customer_id bigint not null references customers(id),
      product_id bigint not null references products(id),
      status text not null default 'incomplete' check (status in
        ('incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'unpaid', 'canceled', 'paused', 'ended')),
      currency text not null check (currency in ('USD', 'EUR')),
      -- The price as subscribed: later edits of the catalog price do not change it.
      product_name text not null,
      unit_amount_minor bigint not null check (unit_amount_minor > 0),
      recurring_interval text not null check (recurring_interval in ('day', 'week', 'month', 'year')),
      recurring_interval_count integer not null check (recurring_interval_count between 1 and 365),
      quantity integer not null default 1 check (quantity between 1 and 10000),
      trial_days integer check (trial_days between 1 and 365),
      billing_anchor timestamptz,
      current_period_index integer not null default 0 check (current_period_index >= 0),
      current_period_start timestamptz,
      current_period_end timestamptz,
      trial_end timestamptz,
      cancel_at_period_end boolean not null default false,
      canceled_at timestamptz,
      cycle_count integer check (cycle_count >= 1),
      cycles_billed integer not null default 0 check (cycles_billed >= 0),
      -- Dunning: failures of the open renewal, when to retry next, and a hard decline (no retry until the card changes).
      failed_charge_count integer not null default 0 check (failed_charge_count >= 0),
      next_retry_at timestamptz,
      hard_declined boolean not null default false,
      trial_will_end_sent boolean not null default false,
      -- Proration: credits of the current period given so far (never above what was paid for it), and
      -- the credit balance (minor units of the subscription's currency) taken off the next charges.
      credited_for_period_minor bigint not null default 0 check (credited_for_period_minor >= 0),
      credit_balance_minor bigint not null default 0 check (credit_balance_minor >= 0),
      metadata jsonb not null default '{}'::jsonb,
      test_clock_id bigint references test_clocks(id),
      billing_token text not null unique,
      expires_at timestamptz not null,
      archived_at timestamptz,
      created_by_user_id bigint references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create index subscriptions_org_idx on subscriptions (organization_id, environment, id desc)`,
    `create index subscriptions_due_idx on subscriptions (current_period_end) where status in ('trialing', 'active')`,
    `create index subscriptions_retry_idx on subscriptions (next_retry_at) where status = 'past_due'`,
    `create index subscriptions_clock_idx on subscriptions (test_clock_id) where test_clock_id is not null`,
    `create table subscription_changes (
      id bigint generated always as identity primary key,
      subscription_id bigint not null references subscriptions(id),
      actor text not null,
      reason text not null,
      from_status text,
      to_status text not null,
      detail jsonb not null default '{}'::jsonb,
      created_at timestamptz not null
    )`,
    `create index subscription_changes_sub_idx on subscription_changes (subscription_id, id)`,
    // Off-session charges still get a checkout session row (as a container of the billing details and
    // lines), so every payment view keeps working; the column stays NOT NULL.
    `alter table checkout_sessions add column subscription_id bigint references subscriptions(id)`,
    `alter table transactions
      add column subscription_id bigint references subscriptions(id),
      add column charge_kind text check (charge_kind in ('initial', 'renewal', 'retry', 'manual', 'proration')),
      add column period_index integer,
      add column charge_attempt integer,
      add constraint transactions_subscription_charge check (
        (subscription_id is null and charge_kind is null and period_index is null and charge_attempt is null)
        or (subscription_id is not null and charge_kind is not null and period_index is not null and charge_attempt is not null))`,
    // The idempotency rule of recurring billing: one charge per (subscription, period, kind, attempt),
    // whatever number of workers, retries and concurrent "charge now" requests race for it.
    `create unique index transactions_subscription_charge_uq on transactions (subscription_id, period_index, charge_kind, charge_attempt)
      where subscription_id is not null`,
    `create index transactions_subscription_idx on transactions (subscription_id, id desc) where subscription_id is not null`,
  )
}
