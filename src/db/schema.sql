-- The schema the migrations build, read from a migrated PostgreSQL database: `npm run db:schema`
-- writes it and a test fails when it disagrees with the migrations. Do not edit by hand.

CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA public;

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE FUNCTION public.deposit_attempts_mark_first() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    begin
      update transactions set first_attempt_at = new.attempted_at
       where id = new.transaction_id and first_attempt_at is null;
      return null;
    end $$;

CREATE FUNCTION public.kassa_webhooks_fan_out() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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
    $$;

CREATE FUNCTION public.ledger_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'check_violation';
    end $$;

CREATE FUNCTION public.ledger_apply_posting() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    begin
      update ledger_accounts set balance_minor = balance_minor + new.amount_minor, updated_at = now() where id = new.account_id;
      return null;
    end $$;

CREATE FUNCTION public.ledger_assert_balanced(v_entry bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
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
    end $$;

CREATE FUNCTION public.ledger_check_entry() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    begin
      perform ledger_assert_balanced(new.id);
      return null;
    end $$;

CREATE FUNCTION public.ledger_check_posting() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    begin
      perform ledger_assert_balanced(new.entry_id);
      return null;
    end $$;

CREATE FUNCTION public.ledger_guard_account() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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
    end $$;

CREATE FUNCTION public.payments_daily_stats() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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
    end $$;

CREATE FUNCTION public.refunds_count() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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
    end $$;

CREATE FUNCTION public.refunds_daily_stats() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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
    end $$;

CREATE FUNCTION public.refunds_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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
    end $$;

CREATE TABLE public.api_keys (
    id bigint NOT NULL,
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    name text,
    prefix text NOT NULL,
    key_hash text NOT NULL,
    scopes text[] DEFAULT '{}'::text[] NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    expires_at timestamp with time zone,
    last_used_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT api_keys_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text]))),
    CONSTRAINT api_keys_status_check CHECK ((status = ANY (ARRAY['active'::text, 'revoked'::text])))
);

ALTER TABLE public.api_keys ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.api_keys_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    organization_id bigint NOT NULL,
    actor_user_id bigint,
    actor_email text,
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text,
    ip text,
    before jsonb,
    after jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.audit_log ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.checkout_sessions (
    id bigint NOT NULL,
    public_id text NOT NULL,
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    status text DEFAULT 'open'::text NOT NULL,
    currency text NOT NULL,
    line_items jsonb NOT NULL,
    pricing_mode text NOT NULL,
    tax_rate_bp integer NOT NULL,
    subtotal_minor bigint NOT NULL,
    tax_minor bigint NOT NULL,
    total_minor bigint NOT NULL,
    billing_country text NOT NULL,
    billing_postal_code text,
    billing_first_name text NOT NULL,
    billing_last_name text NOT NULL,
    billing_email text NOT NULL,
    billing_phone text,
    success_url text,
    failed_url text,
    cancel_url text,
    sandbox_simulate text,
    failed_attempts integer DEFAULT 0 NOT NULL,
    payment_link_id bigint,
    expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    attempt_reference text,
    attempt_lease_until timestamp with time zone,
    challenge_payment_id text,
    challenge_card jsonb,
    subscription_id bigint,
    CONSTRAINT checkout_sessions_currency_check CHECK ((currency = ANY (ARRAY['USD'::text, 'EUR'::text]))),
    CONSTRAINT checkout_sessions_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text]))),
    CONSTRAINT checkout_sessions_pricing_mode_check CHECK ((pricing_mode = ANY (ARRAY['TAX_EXCLUSIVE'::text, 'TAX_INCLUSIVE'::text]))),
    CONSTRAINT checkout_sessions_status_check CHECK ((status = ANY (ARRAY['open'::text, 'complete'::text, 'failed'::text, 'canceled'::text, 'expired'::text]))),
    CONSTRAINT checkout_sessions_total_minor_check CHECK ((total_minor > 0))
);

ALTER TABLE public.checkout_sessions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.checkout_sessions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.customers (
    id bigint NOT NULL,
    public_id text NOT NULL,
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    email text NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    country text NOT NULL,
    postal_code text,
    payment_method_token text,
    card_brand text,
    card_last4 text,
    card_exp_month integer,
    card_exp_year integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT customers_card_last4_check CHECK (((card_last4 IS NULL) OR (card_last4 ~ '^[0-9]{4}$'::text))),
    CONSTRAINT customers_country_check CHECK ((country ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT customers_email_check CHECK (((char_length(email) >= 3) AND (char_length(email) <= 254))),
    CONSTRAINT customers_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text])))
);

ALTER TABLE public.customers ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.customers_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.deposit_attempts (
    id bigint NOT NULL,
    transaction_id bigint NOT NULL,
    status text NOT NULL,
    payment_id text NOT NULL,
    error_message text,
    payment_method text DEFAULT 'card'::text NOT NULL,
    card_brand text,
    card_last4 text,
    attempted_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT deposit_attempts_status_check CHECK ((status = ANY (ARRAY['succeeded'::text, 'requires_payment_method'::text, 'requires_action'::text, 'processing'::text, 'failed'::text])))
);

ALTER TABLE public.deposit_attempts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.deposit_attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.email_outbox (
    id bigint NOT NULL,
    organization_id bigint,
    to_address text NOT NULL,
    subject text NOT NULL,
    body_text text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    transport text,
    attempts integer DEFAULT 0 NOT NULL,
    locked_until timestamp with time zone,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    sent_at timestamp with time zone,
    CONSTRAINT email_outbox_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'sending'::text, 'sent'::text, 'stored'::text, 'failed'::text])))
);

ALTER TABLE public.email_outbox ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.email_outbox_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.events (
    id bigint NOT NULL,
    public_id text NOT NULL,
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    type text NOT NULL,
    subject_id text,
    payload jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT events_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text])))
);

ALTER TABLE public.events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.fx_rates (
    from_currency text NOT NULL,
    to_currency text NOT NULL,
    rate numeric(18,8) NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT fx_rates_rate_check CHECK ((rate > (0)::numeric))
);

CREATE TABLE public.idempotency_keys (
    id bigint NOT NULL,
    scope text NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    state text DEFAULT 'in_flight'::text NOT NULL,
    response_status integer,
    response_body text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    CONSTRAINT idempotency_keys_state_check CHECK ((state = ANY (ARRAY['in_flight'::text, 'done'::text])))
);

ALTER TABLE public.idempotency_keys ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.idempotency_keys_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.invitations (
    id bigint NOT NULL,
    organization_id bigint NOT NULL,
    email text NOT NULL,
    role text NOT NULL,
    token_hash text NOT NULL,
    invited_by_user_id bigint,
    status text DEFAULT 'pending'::text NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    accepted_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT invitations_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'admin'::text, 'developer'::text, 'viewer'::text]))),
    CONSTRAINT invitations_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'accepted'::text, 'revoked'::text])))
);

ALTER TABLE public.invitations ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.invitations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.jobs (
    id bigint NOT NULL,
    queue text NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    run_at timestamp with time zone DEFAULT now() NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    max_attempts integer DEFAULT 25 NOT NULL,
    locked_until timestamp with time zone,
    locked_by text,
    last_error text,
    singleton_key text,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.jobs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.jobs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.journal_entries (
    id bigint NOT NULL,
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    currency text NOT NULL,
    kind text NOT NULL,
    posting_key text NOT NULL,
    transaction_id bigint,
    refund_id bigint,
    memo text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT journal_entries_currency_check CHECK ((currency = ANY (ARRAY['USD'::text, 'EUR'::text]))),
    CONSTRAINT journal_entries_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text]))),
    CONSTRAINT journal_entries_kind_check CHECK ((kind = ANY (ARRAY['payment_received'::text, 'deposit_settled'::text, 'reserve_released'::text, 'refund_held'::text, 'refund_completed'::text, 'refund_released'::text, 'credit_granted'::text, 'credit_applied'::text])))
);

ALTER TABLE public.journal_entries ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.journal_entries_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.kassa_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.ledger_accounts (
    id bigint NOT NULL,
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    currency text NOT NULL,
    kind text NOT NULL,
    balance_minor bigint DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    customer_id bigint,
    CONSTRAINT ledger_accounts_credit_issued_non_positive CHECK (((kind <> 'credit_issued'::text) OR (balance_minor <= 0))),
    CONSTRAINT ledger_accounts_currency_check CHECK ((currency = ANY (ARRAY['USD'::text, 'EUR'::text]))),
    CONSTRAINT ledger_accounts_customer_kind CHECK (((kind = 'customer_credit'::text) = (customer_id IS NOT NULL))),
    CONSTRAINT ledger_accounts_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text]))),
    CONSTRAINT ledger_accounts_kind_check CHECK ((kind = ANY (ARRAY['pending'::text, 'available'::text, 'reserve'::text, 'refund_held'::text, 'platform_fees'::text, 'provider_clearing'::text, 'credit_issued'::text, 'customer_credit'::text]))),
    CONSTRAINT ledger_accounts_non_negative CHECK (((kind = ANY (ARRAY['provider_clearing'::text, 'credit_issued'::text])) OR (balance_minor >= 0)))
);

ALTER TABLE public.ledger_accounts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.ledger_accounts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.ledger_postings (
    id bigint NOT NULL,
    entry_id bigint NOT NULL,
    account_id bigint NOT NULL,
    amount_minor bigint NOT NULL,
    CONSTRAINT ledger_postings_amount_minor_check CHECK ((amount_minor <> 0))
);

ALTER TABLE public.ledger_postings ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.ledger_postings_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.login_throttle (
    key text NOT NULL,
    failures integer DEFAULT 0 NOT NULL,
    last_failure_at timestamp with time zone DEFAULT now() NOT NULL,
    locked_until timestamp with time zone,
    CONSTRAINT login_throttle_failures_check CHECK ((failures >= 0))
);

CREATE TABLE public.organizations (
    id bigint NOT NULL,
    name text NOT NULL,
    website text,
    contact_email text,
    telegram text,
    price_mode text DEFAULT 'TTC'::text NOT NULL,
    adhoc_products_enabled boolean DEFAULT false NOT NULL,
    min_payment_minor bigint DEFAULT 100 NOT NULL,
    max_payment_minor bigint DEFAULT 1000000 NOT NULL,
    fee_percent_bp integer DEFAULT 290 NOT NULL,
    fee_fixed_minor bigint DEFAULT 30 NOT NULL,
    rolling_reserve_percent_bp integer DEFAULT 0 NOT NULL,
    rolling_reserve_days integer DEFAULT 0 NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    timezone text DEFAULT 'UTC'::text NOT NULL,
    dunning jsonb DEFAULT '{"retry_days": [1, 3, 7], "final_action": "unpaid"}'::jsonb NOT NULL,
    CONSTRAINT organizations_check CHECK ((max_payment_minor >= min_payment_minor)),
    CONSTRAINT organizations_fee_fixed_minor_check CHECK ((fee_fixed_minor >= 0)),
    CONSTRAINT organizations_fee_percent_bp_check CHECK (((fee_percent_bp >= 0) AND (fee_percent_bp <= 10000))),
    CONSTRAINT organizations_min_payment_minor_check CHECK ((min_payment_minor >= 1)),
    CONSTRAINT organizations_price_mode_check CHECK ((price_mode = ANY (ARRAY['HT'::text, 'TTC'::text]))),
    CONSTRAINT organizations_rolling_reserve_days_check CHECK (((rolling_reserve_days >= 0) AND (rolling_reserve_days <= 365))),
    CONSTRAINT organizations_rolling_reserve_percent_bp_check CHECK (((rolling_reserve_percent_bp >= 0) AND (rolling_reserve_percent_bp <= 10000))),
    CONSTRAINT organizations_status_check CHECK ((status = ANY (ARRAY['active'::text, 'suspended'::text])))
);

ALTER TABLE public.organizations ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.organizations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.payment_daily_stats (
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    day date NOT NULL,
    currency text NOT NULL,
    status text NOT NULL,
    attempted boolean NOT NULL,
    n bigint NOT NULL,
    gross_minor bigint NOT NULL,
    CONSTRAINT payment_daily_stats_gross_minor_check CHECK ((gross_minor >= 0)),
    CONSTRAINT payment_daily_stats_n_check CHECK ((n >= 0))
);

CREATE TABLE public.payment_links (
    id bigint NOT NULL,
    uuid uuid NOT NULL,
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    name text NOT NULL,
    currency text NOT NULL,
    pricing_mode text NOT NULL,
    line_items jsonb NOT NULL,
    subtotal_minor bigint NOT NULL,
    max_uses integer,
    paid_count integer DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    expires_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_by_user_id bigint,
    deleted_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payment_links_check CHECK (((paid_count >= 0) AND ((max_uses IS NULL) OR (paid_count <= max_uses)))),
    CONSTRAINT payment_links_currency_check CHECK ((currency = ANY (ARRAY['USD'::text, 'EUR'::text]))),
    CONSTRAINT payment_links_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text]))),
    CONSTRAINT payment_links_max_uses_check CHECK ((max_uses >= 1)),
    CONSTRAINT payment_links_pricing_mode_check CHECK ((pricing_mode = ANY (ARRAY['TAX_EXCLUSIVE'::text, 'TAX_INCLUSIVE'::text]))),
    CONSTRAINT payment_links_subtotal_minor_check CHECK ((subtotal_minor > 0))
);

ALTER TABLE public.payment_links ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.payment_links_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.processor_checks (
    id bigint NOT NULL,
    kind text NOT NULL,
    subject_id bigint NOT NULL,
    checks integer DEFAULT 0 NOT NULL,
    started_at timestamp with time zone NOT NULL,
    next_check_at timestamp with time zone NOT NULL,
    stop_after timestamp with time zone NOT NULL,
    CONSTRAINT processor_checks_kind_check CHECK ((kind = ANY (ARRAY['payment'::text, 'refund'::text])))
);

ALTER TABLE public.processor_checks ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.processor_checks_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.processor_payment_changes (
    provider text NOT NULL,
    environment text NOT NULL,
    provider_payment_id text NOT NULL,
    status text NOT NULL,
    provider_updated_at text NOT NULL,
    seen_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT processor_payment_changes_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text])))
);

CREATE TABLE public.processor_payments (
    id bigint NOT NULL,
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    checkout_session_id bigint NOT NULL,
    transaction_id bigint NOT NULL,
    provider text NOT NULL,
    reference text NOT NULL,
    provider_payment_id text,
    redirect_url text,
    state text DEFAULT 'creating'::text NOT NULL,
    provider_status text,
    provider_updated_at text,
    failure_message text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT processor_payments_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text]))),
    CONSTRAINT processor_payments_state_check CHECK ((state = ANY (ARRAY['creating'::text, 'unknown'::text, 'open'::text, 'succeeded'::text, 'failed'::text, 'canceled'::text, 'abandoned'::text, 'rejected'::text])))
);

ALTER TABLE public.processor_payments ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.processor_payments_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.processor_webhook_deliveries (
    provider text NOT NULL,
    environment text NOT NULL,
    delivery_id text NOT NULL,
    events integer NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT processor_webhook_deliveries_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text])))
);

CREATE TABLE public.product_prices (
    product_id bigint NOT NULL,
    currency text NOT NULL,
    amount_minor bigint NOT NULL,
    recurring_interval text,
    recurring_interval_count integer DEFAULT 1 NOT NULL,
    trial_days integer,
    public_id text DEFAULT ('price_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)) NOT NULL,
    CONSTRAINT product_prices_amount_minor_check CHECK ((amount_minor > 0)),
    CONSTRAINT product_prices_currency_check CHECK ((currency = ANY (ARRAY['USD'::text, 'EUR'::text]))),
    CONSTRAINT product_prices_recurring_interval_check CHECK ((recurring_interval = ANY (ARRAY['day'::text, 'week'::text, 'month'::text, 'year'::text]))),
    CONSTRAINT product_prices_recurring_interval_count_check CHECK (((recurring_interval_count >= 1) AND (recurring_interval_count <= 365))),
    CONSTRAINT product_prices_trial_days_check CHECK (((trial_days >= 1) AND (trial_days <= 365)))
);

CREATE TABLE public.products (
    id bigint NOT NULL,
    public_id text NOT NULL,
    organization_id bigint NOT NULL,
    name text NOT NULL,
    description text,
    status text DEFAULT 'active'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT products_status_check CHECK ((status = ANY (ARRAY['active'::text, 'archived'::text])))
);

ALTER TABLE public.products ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.products_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.rate_limit_hits (
    key text NOT NULL,
    window_start timestamp with time zone NOT NULL,
    hits integer NOT NULL,
    CONSTRAINT rate_limit_hits_hits_check CHECK ((hits >= 0))
);

CREATE TABLE public.recovery_codes (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    code_hash text NOT NULL,
    used_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.recovery_codes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.recovery_codes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.refund_daily_counts (
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    day date NOT NULL,
    status text NOT NULL,
    n bigint NOT NULL,
    CONSTRAINT refund_daily_counts_n_check CHECK ((n >= 0))
);

CREATE TABLE public.refund_daily_stats (
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    day date NOT NULL,
    currency text NOT NULL,
    status text NOT NULL,
    n bigint NOT NULL,
    amount_minor bigint NOT NULL,
    CONSTRAINT refund_daily_stats_amount_minor_check CHECK ((amount_minor >= 0)),
    CONSTRAINT refund_daily_stats_n_check CHECK ((n >= 0))
);

CREATE TABLE public.refund_verification_codes (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    organization_id bigint NOT NULL,
    code_hash text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT refund_verification_codes_attempts_check CHECK ((attempts >= 0))
);

ALTER TABLE public.refund_verification_codes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.refund_verification_codes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.refunds (
    id bigint NOT NULL,
    public_id text NOT NULL,
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    transaction_id bigint NOT NULL,
    transaction_public_id text NOT NULL,
    currency text NOT NULL,
    amount_minor bigint NOT NULL,
    fx_rate_usd text NOT NULL,
    amount_usd_minor bigint NOT NULL,
    reason text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    provider_refund_id text,
    failure_message text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    provider_submitted_at timestamp with time zone,
    CONSTRAINT refunds_amount_minor_check CHECK ((amount_minor > 0)),
    CONSTRAINT refunds_amount_usd_minor_check CHECK ((amount_usd_minor >= 0)),
    CONSTRAINT refunds_currency_check CHECK ((currency = ANY (ARRAY['USD'::text, 'EUR'::text]))),
    CONSTRAINT refunds_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text]))),
    CONSTRAINT refunds_reason_check CHECK (((char_length(reason) >= 1) AND (char_length(reason) <= 500))),
    CONSTRAINT refunds_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'processing'::text, 'completed'::text, 'failed'::text, 'rejected'::text])))
);

ALTER TABLE public.refunds ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.refunds_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.reserve_holds (
    id bigint NOT NULL,
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    currency text NOT NULL,
    transaction_id bigint NOT NULL,
    amount_minor bigint NOT NULL,
    release_at timestamp with time zone NOT NULL,
    released_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT reserve_holds_amount_minor_check CHECK ((amount_minor > 0)),
    CONSTRAINT reserve_holds_currency_check CHECK ((currency = ANY (ARRAY['USD'::text, 'EUR'::text]))),
    CONSTRAINT reserve_holds_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text])))
);

ALTER TABLE public.reserve_holds ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.reserve_holds_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.subscription_changes (
    id bigint NOT NULL,
    subscription_id bigint NOT NULL,
    actor text NOT NULL,
    reason text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    detail jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL
);

ALTER TABLE public.subscription_changes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.subscription_changes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.subscriptions (
    id bigint NOT NULL,
    public_id text NOT NULL,
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    customer_id bigint NOT NULL,
    product_id bigint NOT NULL,
    status text DEFAULT 'incomplete'::text NOT NULL,
    currency text NOT NULL,
    product_name text NOT NULL,
    unit_amount_minor bigint NOT NULL,
    recurring_interval text NOT NULL,
    recurring_interval_count integer NOT NULL,
    quantity integer DEFAULT 1 NOT NULL,
    trial_days integer,
    billing_anchor timestamp with time zone,
    current_period_index integer DEFAULT 0 NOT NULL,
    current_period_start timestamp with time zone,
    current_period_end timestamp with time zone,
    trial_end timestamp with time zone,
    cancel_at_period_end boolean DEFAULT false NOT NULL,
    canceled_at timestamp with time zone,
    cycle_count integer,
    cycles_billed integer DEFAULT 0 NOT NULL,
    failed_charge_count integer DEFAULT 0 NOT NULL,
    next_retry_at timestamp with time zone,
    hard_declined boolean DEFAULT false NOT NULL,
    trial_will_end_sent boolean DEFAULT false NOT NULL,
    credited_for_period_minor bigint DEFAULT 0 NOT NULL,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    test_clock_id bigint,
    billing_token text NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    archived_at timestamp with time zone,
    created_by_user_id bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    price_id text,
    payment_link_id bigint,
    CONSTRAINT subscriptions_credited_for_period_minor_check CHECK ((credited_for_period_minor >= 0)),
    CONSTRAINT subscriptions_currency_check CHECK ((currency = ANY (ARRAY['USD'::text, 'EUR'::text]))),
    CONSTRAINT subscriptions_current_period_index_check CHECK ((current_period_index >= 0)),
    CONSTRAINT subscriptions_cycle_count_check CHECK ((cycle_count >= 1)),
    CONSTRAINT subscriptions_cycles_billed_check CHECK ((cycles_billed >= 0)),
    CONSTRAINT subscriptions_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text]))),
    CONSTRAINT subscriptions_failed_charge_count_check CHECK ((failed_charge_count >= 0)),
    CONSTRAINT subscriptions_quantity_check CHECK (((quantity >= 1) AND (quantity <= 10000))),
    CONSTRAINT subscriptions_recurring_interval_check CHECK ((recurring_interval = ANY (ARRAY['day'::text, 'week'::text, 'month'::text, 'year'::text]))),
    CONSTRAINT subscriptions_recurring_interval_count_check CHECK (((recurring_interval_count >= 1) AND (recurring_interval_count <= 365))),
    CONSTRAINT subscriptions_status_check CHECK ((status = ANY (ARRAY['incomplete'::text, 'incomplete_expired'::text, 'trialing'::text, 'active'::text, 'past_due'::text, 'unpaid'::text, 'canceled'::text, 'paused'::text, 'ended'::text]))),
    CONSTRAINT subscriptions_trial_days_check CHECK (((trial_days >= 1) AND (trial_days <= 365))),
    CONSTRAINT subscriptions_unit_amount_minor_check CHECK ((unit_amount_minor > 0))
);

ALTER TABLE public.subscriptions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.subscriptions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.tax_rates (
    country text NOT NULL,
    rate_bp integer NOT NULL,
    source text NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tax_rates_rate_bp_check CHECK (((rate_bp >= 0) AND (rate_bp <= 10000)))
);

CREATE TABLE public.test_clocks (
    id bigint NOT NULL,
    public_id text NOT NULL,
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    frozen_time timestamp with time zone NOT NULL,
    status text DEFAULT 'ready'::text NOT NULL,
    deleted_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT test_clocks_environment_check CHECK ((environment = 'sandbox'::text)),
    CONSTRAINT test_clocks_status_check CHECK ((status = ANY (ARRAY['ready'::text, 'advancing'::text])))
);

ALTER TABLE public.test_clocks ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.test_clocks_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.transactions (
    id bigint NOT NULL,
    public_id text NOT NULL,
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    checkout_session_id bigint NOT NULL,
    order_id text NOT NULL,
    status text DEFAULT 'processing'::text NOT NULL,
    status_before_refund text,
    cancel_reason text,
    currency text NOT NULL,
    gross_amount_minor bigint NOT NULL,
    tax_amount_minor bigint NOT NULL,
    fee_amount_minor bigint NOT NULL,
    net_amount_minor bigint NOT NULL,
    amount_refunded_minor bigint DEFAULT 0 NOT NULL,
    fx_rate_usd text NOT NULL,
    amount_usd_minor bigint NOT NULL,
    payer_email text NOT NULL,
    products jsonb NOT NULL,
    deposit_status text DEFAULT 'none'::text NOT NULL,
    provider text DEFAULT 'simulator'::text NOT NULL,
    provider_payment_id text,
    card_brand text,
    card_last4 text,
    card_exp_month integer,
    card_exp_year integer,
    paid_at timestamp with time zone,
    deposit_settled_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    review_reason text,
    review_flagged_at timestamp with time zone,
    first_attempt_at timestamp with time zone,
    subscription_id bigint,
    charge_kind text,
    period_index integer,
    charge_attempt integer,
    CONSTRAINT transactions_charge_kind_check CHECK ((charge_kind = ANY (ARRAY['initial'::text, 'renewal'::text, 'retry'::text, 'manual'::text, 'proration'::text]))),
    CONSTRAINT transactions_check CHECK (((fee_amount_minor >= 0) AND (fee_amount_minor <= gross_amount_minor))),
    CONSTRAINT transactions_check1 CHECK ((net_amount_minor = (gross_amount_minor - fee_amount_minor))),
    CONSTRAINT transactions_check2 CHECK (((amount_refunded_minor >= 0) AND (amount_refunded_minor <= gross_amount_minor))),
    CONSTRAINT transactions_currency_check CHECK ((currency = ANY (ARRAY['USD'::text, 'EUR'::text]))),
    CONSTRAINT transactions_deposit_status_check CHECK ((deposit_status = ANY (ARRAY['none'::text, 'pending'::text, 'succeeded'::text]))),
    CONSTRAINT transactions_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text]))),
    CONSTRAINT transactions_gross_amount_minor_check CHECK ((gross_amount_minor > 0)),
    CONSTRAINT transactions_status_check CHECK ((status = ANY (ARRAY['processing'::text, 'paid'::text, 'failed'::text, 'canceled'::text, 'refund_pending'::text, 'partially_refunded'::text, 'refunded'::text]))),
    CONSTRAINT transactions_subscription_charge CHECK ((((subscription_id IS NULL) AND (charge_kind IS NULL) AND (period_index IS NULL) AND (charge_attempt IS NULL)) OR ((subscription_id IS NOT NULL) AND (charge_kind IS NOT NULL) AND (period_index IS NOT NULL) AND (charge_attempt IS NOT NULL)))),
    CONSTRAINT transactions_tax_amount_minor_check CHECK ((tax_amount_minor >= 0))
);

ALTER TABLE public.transactions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.transactions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.two_factor_challenges (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    challenge_hash text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT two_factor_challenges_attempts_check CHECK ((attempts >= 0))
);

ALTER TABLE public.two_factor_challenges ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.two_factor_challenges_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.user_sessions (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    organization_id bigint NOT NULL,
    token_hash text NOT NULL,
    ip text,
    user_agent text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    absolute_expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT user_sessions_check CHECK ((absolute_expires_at > created_at))
);

ALTER TABLE public.user_sessions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.user_sessions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.users (
    id bigint NOT NULL,
    organization_id bigint NOT NULL,
    email text NOT NULL,
    password_hash text NOT NULL,
    role text DEFAULT 'owner'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    totp_secret text,
    totp_pending_secret text,
    totp_enabled_at timestamp with time zone,
    totp_last_step bigint,
    password_changed_at timestamp with time zone,
    name text,
    CONSTRAINT users_name_check CHECK ((char_length(name) <= 200)),
    CONSTRAINT users_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'admin'::text, 'developer'::text, 'viewer'::text])))
);

ALTER TABLE public.users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.webhook_attempts (
    id bigint NOT NULL,
    delivery_id bigint NOT NULL,
    attempt_number integer NOT NULL,
    attempted_at timestamp with time zone NOT NULL,
    status_code integer,
    duration_ms integer NOT NULL,
    error text,
    response_body text,
    worker_id text,
    request_headers jsonb,
    CONSTRAINT webhook_attempts_attempt_number_check CHECK ((attempt_number >= 1)),
    CONSTRAINT webhook_attempts_duration_ms_check CHECK ((duration_ms >= 0)),
    CONSTRAINT webhook_attempts_response_body_check CHECK ((octet_length(response_body) <= 2048))
);

ALTER TABLE public.webhook_attempts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.webhook_attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.webhook_deliveries (
    id bigint NOT NULL,
    delivery_id uuid DEFAULT gen_random_uuid() NOT NULL,
    endpoint_id bigint NOT NULL,
    event_id bigint NOT NULL,
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    event_type text NOT NULL,
    kind text DEFAULT 'automatic'::text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    locked_until timestamp with time zone,
    locked_by text,
    last_status_code integer,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    completed_at timestamp with time zone,
    CONSTRAINT webhook_deliveries_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT webhook_deliveries_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text]))),
    CONSTRAINT webhook_deliveries_kind_check CHECK ((kind = ANY (ARRAY['automatic'::text, 'resend'::text, 'replay'::text, 'test'::text]))),
    CONSTRAINT webhook_deliveries_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'succeeded'::text, 'failed'::text])))
);

ALTER TABLE public.webhook_deliveries ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.webhook_deliveries_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.webhook_endpoints (
    id bigint NOT NULL,
    public_id text NOT NULL,
    organization_id bigint NOT NULL,
    environment text NOT NULL,
    url text NOT NULL,
    description text,
    secret_encrypted text NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    disabled_reason text,
    event_types text[] DEFAULT '{}'::text[] NOT NULL,
    first_failure_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT webhook_endpoints_environment_check CHECK ((environment = ANY (ARRAY['sandbox'::text, 'production'::text]))),
    CONSTRAINT webhook_endpoints_secret_encrypted_check CHECK ((secret_encrypted ~~ 'v1:%'::text)),
    CONSTRAINT webhook_endpoints_url_check CHECK ((length(url) <= 2048))
);

ALTER TABLE public.webhook_endpoints ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.webhook_endpoints_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash);

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.checkout_sessions
    ADD CONSTRAINT checkout_sessions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.checkout_sessions
    ADD CONSTRAINT checkout_sessions_public_id_key UNIQUE (public_id);

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_public_id_key UNIQUE (public_id);

ALTER TABLE ONLY public.deposit_attempts
    ADD CONSTRAINT deposit_attempts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.email_outbox
    ADD CONSTRAINT email_outbox_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_public_id_key UNIQUE (public_id);

ALTER TABLE ONLY public.fx_rates
    ADD CONSTRAINT fx_rates_pkey PRIMARY KEY (from_currency, to_currency);

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_scope_key_key UNIQUE (scope, key);

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_token_hash_key UNIQUE (token_hash);

ALTER TABLE ONLY public.jobs
    ADD CONSTRAINT jobs_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.journal_entries
    ADD CONSTRAINT journal_entries_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.journal_entries
    ADD CONSTRAINT journal_entries_posting_key_key UNIQUE (posting_key);

ALTER TABLE ONLY public.kassa_migrations
    ADD CONSTRAINT kassa_migrations_pkey PRIMARY KEY (version);

ALTER TABLE ONLY public.ledger_accounts
    ADD CONSTRAINT ledger_accounts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.ledger_postings
    ADD CONSTRAINT ledger_postings_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.login_throttle
    ADD CONSTRAINT login_throttle_pkey PRIMARY KEY (key);

ALTER TABLE ONLY public.organizations
    ADD CONSTRAINT organizations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.payment_daily_stats
    ADD CONSTRAINT payment_daily_stats_pkey PRIMARY KEY (organization_id, environment, day, currency, status, attempted);

ALTER TABLE ONLY public.payment_links
    ADD CONSTRAINT payment_links_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.payment_links
    ADD CONSTRAINT payment_links_uuid_key UNIQUE (uuid);

ALTER TABLE ONLY public.processor_checks
    ADD CONSTRAINT processor_checks_kind_subject_id_key UNIQUE (kind, subject_id);

ALTER TABLE ONLY public.processor_checks
    ADD CONSTRAINT processor_checks_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.processor_payment_changes
    ADD CONSTRAINT processor_payment_changes_pkey PRIMARY KEY (provider, environment, provider_payment_id, status, provider_updated_at);

ALTER TABLE ONLY public.processor_payments
    ADD CONSTRAINT processor_payments_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.processor_payments
    ADD CONSTRAINT processor_payments_reference_key UNIQUE (reference);

ALTER TABLE ONLY public.processor_webhook_deliveries
    ADD CONSTRAINT processor_webhook_deliveries_pkey PRIMARY KEY (provider, environment, delivery_id);

ALTER TABLE ONLY public.product_prices
    ADD CONSTRAINT product_prices_pkey PRIMARY KEY (product_id, currency);

ALTER TABLE ONLY public.product_prices
    ADD CONSTRAINT product_prices_public_id_key UNIQUE (public_id);

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_public_id_key UNIQUE (public_id);

ALTER TABLE ONLY public.rate_limit_hits
    ADD CONSTRAINT rate_limit_hits_pkey PRIMARY KEY (key);

ALTER TABLE ONLY public.recovery_codes
    ADD CONSTRAINT recovery_codes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.recovery_codes
    ADD CONSTRAINT recovery_codes_user_id_code_hash_key UNIQUE (user_id, code_hash);

ALTER TABLE ONLY public.refund_daily_counts
    ADD CONSTRAINT refund_daily_counts_pkey PRIMARY KEY (organization_id, environment, day, status);

ALTER TABLE ONLY public.refund_daily_stats
    ADD CONSTRAINT refund_daily_stats_pkey PRIMARY KEY (organization_id, environment, day, currency, status);

ALTER TABLE ONLY public.refund_verification_codes
    ADD CONSTRAINT refund_verification_codes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_public_id_key UNIQUE (public_id);

ALTER TABLE ONLY public.reserve_holds
    ADD CONSTRAINT reserve_holds_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.reserve_holds
    ADD CONSTRAINT reserve_holds_transaction_id_key UNIQUE (transaction_id);

ALTER TABLE ONLY public.subscription_changes
    ADD CONSTRAINT subscription_changes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_billing_token_key UNIQUE (billing_token);

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_public_id_key UNIQUE (public_id);

ALTER TABLE ONLY public.tax_rates
    ADD CONSTRAINT tax_rates_pkey PRIMARY KEY (country);

ALTER TABLE ONLY public.test_clocks
    ADD CONSTRAINT test_clocks_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.test_clocks
    ADD CONSTRAINT test_clocks_public_id_key UNIQUE (public_id);

ALTER TABLE ONLY public.transactions
    ADD CONSTRAINT transactions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.transactions
    ADD CONSTRAINT transactions_public_id_key UNIQUE (public_id);

ALTER TABLE ONLY public.two_factor_challenges
    ADD CONSTRAINT two_factor_challenges_challenge_hash_key UNIQUE (challenge_hash);

ALTER TABLE ONLY public.two_factor_challenges
    ADD CONSTRAINT two_factor_challenges_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.user_sessions
    ADD CONSTRAINT user_sessions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.user_sessions
    ADD CONSTRAINT user_sessions_token_hash_key UNIQUE (token_hash);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT webhook_attempts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_delivery_id_key UNIQUE (delivery_id);

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.webhook_endpoints
    ADD CONSTRAINT webhook_endpoints_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.webhook_endpoints
    ADD CONSTRAINT webhook_endpoints_public_id_key UNIQUE (public_id);

CREATE INDEX api_keys_org_idx ON public.api_keys USING btree (organization_id, environment);

CREATE INDEX audit_log_org_idx ON public.audit_log USING btree (organization_id, id DESC);

CREATE INDEX checkout_sessions_open_expiry_idx ON public.checkout_sessions USING btree (expires_at) WHERE (status = 'open'::text);

CREATE INDEX checkout_sessions_org_idx ON public.checkout_sessions USING btree (organization_id, environment, id);

CREATE INDEX checkout_sessions_payment_link_idx ON public.checkout_sessions USING btree (payment_link_id) WHERE (payment_link_id IS NOT NULL);

CREATE INDEX customers_org_email_idx ON public.customers USING btree (organization_id, environment, lower(email));

CREATE INDEX deposit_attempts_tx_idx ON public.deposit_attempts USING btree (transaction_id, id DESC);

CREATE INDEX email_outbox_org_idx ON public.email_outbox USING btree (organization_id, id DESC);

CREATE INDEX events_created_idx ON public.events USING btree (organization_id, environment, created_at);

CREATE INDEX events_org_idx ON public.events USING btree (organization_id, environment, id);

CREATE INDEX events_subject_idx ON public.events USING btree (organization_id, environment, subject_id) WHERE (subject_id IS NOT NULL);

CREATE INDEX events_type_idx ON public.events USING btree (organization_id, environment, type, id);

CREATE INDEX invitations_org_idx ON public.invitations USING btree (organization_id, id DESC);

CREATE INDEX jobs_due_idx ON public.jobs USING btree (queue, run_at);

CREATE UNIQUE INDEX jobs_singleton_idx ON public.jobs USING btree (queue, singleton_key) WHERE (singleton_key IS NOT NULL);

CREATE INDEX journal_entries_org_idx ON public.journal_entries USING btree (organization_id, environment, id DESC);

CREATE INDEX journal_entries_tx_idx ON public.journal_entries USING btree (transaction_id) WHERE (transaction_id IS NOT NULL);

CREATE UNIQUE INDEX ledger_accounts_customer_key ON public.ledger_accounts USING btree (customer_id, currency) WHERE (customer_id IS NOT NULL);

CREATE UNIQUE INDEX ledger_accounts_tenant_kind_key ON public.ledger_accounts USING btree (organization_id, environment, currency, kind) WHERE (customer_id IS NULL);

CREATE INDEX ledger_postings_account_idx ON public.ledger_postings USING btree (account_id);

CREATE INDEX ledger_postings_entry_idx ON public.ledger_postings USING btree (entry_id);

CREATE INDEX payment_links_org_idx ON public.payment_links USING btree (organization_id, environment, id DESC);

CREATE INDEX processor_checks_due_idx ON public.processor_checks USING btree (next_check_at);

CREATE UNIQUE INDEX processor_payments_provider_id_idx ON public.processor_payments USING btree (provider, environment, provider_payment_id) WHERE (provider_payment_id IS NOT NULL);

CREATE INDEX processor_payments_session_idx ON public.processor_payments USING btree (checkout_session_id, id DESC);

CREATE INDEX products_org_idx ON public.products USING btree (organization_id, id);

CREATE INDEX rate_limit_hits_window_idx ON public.rate_limit_hits USING btree (window_start);

CREATE INDEX refund_verification_codes_user_idx ON public.refund_verification_codes USING btree (user_id, id DESC);

CREATE INDEX refunds_list_amount_idx ON public.refunds USING btree (organization_id, environment, amount_minor, id);

CREATE INDEX refunds_list_created_idx ON public.refunds USING btree (organization_id, environment, created_at, id);

CREATE INDEX refunds_list_status_amount_idx ON public.refunds USING btree (organization_id, environment, status, amount_minor, id);

CREATE INDEX refunds_list_status_created_idx ON public.refunds USING btree (organization_id, environment, status, created_at, id);

CREATE INDEX refunds_reason_trgm_idx ON public.refunds USING gin (reason public.gin_trgm_ops, status, (((((created_at AT TIME ZONE 'UTC'::text))::date - '2000-01-03'::date) / 7)));

CREATE INDEX refunds_search_tx_idx ON public.refunds USING btree (organization_id, environment, transaction_public_id);

CREATE INDEX refunds_tx_idx ON public.refunds USING btree (transaction_id);

CREATE INDEX reserve_holds_due_idx ON public.reserve_holds USING btree (release_at) WHERE (released_at IS NULL);

CREATE INDEX subscription_changes_sub_idx ON public.subscription_changes USING btree (subscription_id, id);

CREATE INDEX subscriptions_clock_idx ON public.subscriptions USING btree (test_clock_id) WHERE (test_clock_id IS NOT NULL);

CREATE INDEX subscriptions_due_idx ON public.subscriptions USING btree (current_period_end) WHERE (status = ANY (ARRAY['trialing'::text, 'active'::text]));

CREATE INDEX subscriptions_org_idx ON public.subscriptions USING btree (organization_id, environment, id DESC);

CREATE INDEX subscriptions_price_idx ON public.subscriptions USING btree (price_id);

CREATE INDEX subscriptions_retry_idx ON public.subscriptions USING btree (next_retry_at) WHERE (status = 'past_due'::text);

CREATE INDEX test_clocks_org_idx ON public.test_clocks USING btree (organization_id, environment, id DESC);

CREATE INDEX transactions_checkout_idx ON public.transactions USING btree (checkout_session_id);

CREATE INDEX transactions_deposit_pending_idx ON public.transactions USING btree (paid_at) WHERE (deposit_status = 'pending'::text);

CREATE INDEX transactions_list_amount_idx ON public.transactions USING btree (organization_id, environment, gross_amount_minor, id);

CREATE INDEX transactions_list_created_idx ON public.transactions USING btree (organization_id, environment, created_at, id);

CREATE INDEX transactions_list_status_amount_idx ON public.transactions USING btree (organization_id, environment, status, gross_amount_minor, id);

CREATE INDEX transactions_list_status_created_idx ON public.transactions USING btree (organization_id, environment, status, created_at, id);

CREATE INDEX transactions_org_idx ON public.transactions USING btree (organization_id, environment, id DESC);

CREATE INDEX transactions_payer_email_trgm_idx ON public.transactions USING gin (payer_email public.gin_trgm_ops, status, (((((created_at AT TIME ZONE 'UTC'::text))::date - '2000-01-03'::date) / 7)));

CREATE INDEX transactions_search_order_idx ON public.transactions USING btree (organization_id, environment, order_id);

CREATE UNIQUE INDEX transactions_subscription_charge_uq ON public.transactions USING btree (subscription_id, period_index, charge_kind, charge_attempt) WHERE (subscription_id IS NOT NULL);

CREATE INDEX transactions_subscription_idx ON public.transactions USING btree (subscription_id, id DESC) WHERE (subscription_id IS NOT NULL);

CREATE INDEX user_sessions_user_idx ON public.user_sessions USING btree (user_id) WHERE (revoked_at IS NULL);

CREATE UNIQUE INDEX users_email_key ON public.users USING btree (lower(email));

CREATE INDEX webhook_attempts_delivery_idx ON public.webhook_attempts USING btree (delivery_id, id);

CREATE UNIQUE INDEX webhook_deliveries_automatic_key ON public.webhook_deliveries USING btree (event_id, endpoint_id) WHERE (kind = 'automatic'::text);

CREATE INDEX webhook_deliveries_due_idx ON public.webhook_deliveries USING btree (next_attempt_at) WHERE (status = 'pending'::text);

CREATE INDEX webhook_deliveries_endpoint_idx ON public.webhook_deliveries USING btree (endpoint_id, id DESC);

CREATE INDEX webhook_deliveries_org_idx ON public.webhook_deliveries USING btree (organization_id, environment, id DESC);

CREATE INDEX webhook_endpoints_org_idx ON public.webhook_endpoints USING btree (organization_id, environment) WHERE (deleted_at IS NULL);

CREATE TRIGGER deposit_attempts_mark_first AFTER INSERT ON public.deposit_attempts FOR EACH ROW EXECUTE FUNCTION public.deposit_attempts_mark_first();

CREATE TRIGGER events_webhooks_fan_out AFTER INSERT ON public.events FOR EACH ROW EXECUTE FUNCTION public.kassa_webhooks_fan_out();

CREATE TRIGGER journal_entries_append_only BEFORE DELETE OR UPDATE ON public.journal_entries FOR EACH ROW EXECUTE FUNCTION public.ledger_append_only();

CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON public.journal_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.ledger_check_entry();

CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON public.journal_entries FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_append_only();

CREATE TRIGGER ledger_accounts_guard BEFORE INSERT OR DELETE OR UPDATE ON public.ledger_accounts FOR EACH ROW EXECUTE FUNCTION public.ledger_guard_account();

CREATE TRIGGER ledger_postings_append_only BEFORE DELETE OR UPDATE ON public.ledger_postings FOR EACH ROW EXECUTE FUNCTION public.ledger_append_only();

CREATE TRIGGER ledger_postings_apply AFTER INSERT ON public.ledger_postings FOR EACH ROW EXECUTE FUNCTION public.ledger_apply_posting();

CREATE CONSTRAINT TRIGGER ledger_postings_balanced AFTER INSERT ON public.ledger_postings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.ledger_check_posting();

CREATE TRIGGER ledger_postings_no_truncate BEFORE TRUNCATE ON public.ledger_postings FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_append_only();

CREATE CONSTRAINT TRIGGER payments_daily_stats AFTER INSERT OR UPDATE OF status, first_attempt_at ON public.transactions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.payments_daily_stats();

CREATE CONSTRAINT TRIGGER refunds_count AFTER INSERT OR UPDATE OF status ON public.refunds DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.refunds_count();

CREATE CONSTRAINT TRIGGER refunds_daily_stats AFTER INSERT OR UPDATE OF status ON public.refunds DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.refunds_daily_stats();

CREATE TRIGGER refunds_guard AFTER INSERT OR UPDATE ON public.refunds FOR EACH ROW EXECUTE FUNCTION public.refunds_guard();

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_actor_user_id_fkey FOREIGN KEY (actor_user_id) REFERENCES public.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.checkout_sessions
    ADD CONSTRAINT checkout_sessions_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.checkout_sessions
    ADD CONSTRAINT checkout_sessions_payment_link_fk FOREIGN KEY (payment_link_id) REFERENCES public.payment_links(id);

ALTER TABLE ONLY public.checkout_sessions
    ADD CONSTRAINT checkout_sessions_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.subscriptions(id);

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.deposit_attempts
    ADD CONSTRAINT deposit_attempts_transaction_id_fkey FOREIGN KEY (transaction_id) REFERENCES public.transactions(id);

ALTER TABLE ONLY public.email_outbox
    ADD CONSTRAINT email_outbox_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_invited_by_user_id_fkey FOREIGN KEY (invited_by_user_id) REFERENCES public.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.journal_entries
    ADD CONSTRAINT journal_entries_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.journal_entries
    ADD CONSTRAINT journal_entries_transaction_id_fkey FOREIGN KEY (transaction_id) REFERENCES public.transactions(id);

ALTER TABLE ONLY public.ledger_accounts
    ADD CONSTRAINT ledger_accounts_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id);

ALTER TABLE ONLY public.ledger_accounts
    ADD CONSTRAINT ledger_accounts_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.ledger_postings
    ADD CONSTRAINT ledger_postings_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.ledger_accounts(id);

ALTER TABLE ONLY public.ledger_postings
    ADD CONSTRAINT ledger_postings_entry_id_fkey FOREIGN KEY (entry_id) REFERENCES public.journal_entries(id);

ALTER TABLE ONLY public.payment_links
    ADD CONSTRAINT payment_links_created_by_user_id_fkey FOREIGN KEY (created_by_user_id) REFERENCES public.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.payment_links
    ADD CONSTRAINT payment_links_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.processor_payments
    ADD CONSTRAINT processor_payments_checkout_session_id_fkey FOREIGN KEY (checkout_session_id) REFERENCES public.checkout_sessions(id);

ALTER TABLE ONLY public.processor_payments
    ADD CONSTRAINT processor_payments_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.processor_payments
    ADD CONSTRAINT processor_payments_transaction_id_fkey FOREIGN KEY (transaction_id) REFERENCES public.transactions(id);

ALTER TABLE ONLY public.product_prices
    ADD CONSTRAINT product_prices_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.recovery_codes
    ADD CONSTRAINT recovery_codes_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.refund_verification_codes
    ADD CONSTRAINT refund_verification_codes_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.refund_verification_codes
    ADD CONSTRAINT refund_verification_codes_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_transaction_id_fkey FOREIGN KEY (transaction_id) REFERENCES public.transactions(id);

ALTER TABLE ONLY public.reserve_holds
    ADD CONSTRAINT reserve_holds_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.reserve_holds
    ADD CONSTRAINT reserve_holds_transaction_id_fkey FOREIGN KEY (transaction_id) REFERENCES public.transactions(id);

ALTER TABLE ONLY public.subscription_changes
    ADD CONSTRAINT subscription_changes_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.subscriptions(id);

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_created_by_user_id_fkey FOREIGN KEY (created_by_user_id) REFERENCES public.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id);

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_payment_link_id_fkey FOREIGN KEY (payment_link_id) REFERENCES public.payment_links(id);

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id);

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_test_clock_id_fkey FOREIGN KEY (test_clock_id) REFERENCES public.test_clocks(id);

ALTER TABLE ONLY public.test_clocks
    ADD CONSTRAINT test_clocks_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.transactions
    ADD CONSTRAINT transactions_checkout_session_id_fkey FOREIGN KEY (checkout_session_id) REFERENCES public.checkout_sessions(id);

ALTER TABLE ONLY public.transactions
    ADD CONSTRAINT transactions_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.transactions
    ADD CONSTRAINT transactions_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.subscriptions(id);

ALTER TABLE ONLY public.two_factor_challenges
    ADD CONSTRAINT two_factor_challenges_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.user_sessions
    ADD CONSTRAINT user_sessions_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.user_sessions
    ADD CONSTRAINT user_sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT webhook_attempts_delivery_id_fkey FOREIGN KEY (delivery_id) REFERENCES public.webhook_deliveries(id);

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_endpoint_id_fkey FOREIGN KEY (endpoint_id) REFERENCES public.webhook_endpoints(id);

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.events(id);

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.webhook_endpoints
    ADD CONSTRAINT webhook_endpoints_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);
