import type { Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// Dashboard part 2: payment links (a snapshot of products and prices, sold through hosted checkout)
// and the email codes that authorise a dashboard refund.
export async function up(trx: Transaction<any>): Promise<void> {
  await exec(
    trx,
    `create table payment_links (
      id bigint generated always as identity primary key,
      uuid uuid not null unique,
      organization_id bigint not null references organizations(id),
      environment text not null check (environment in ('sandbox', 'production')),
      name text not null,
      currency text not null check (currency in ('USD', 'EUR')),
      pricing_mode text not null check (pricing_mode in ('TAX_EXCLUSIVE', 'TAX_INCLUSIVE')),
      line_items jsonb not null,
      subtotal_minor bigint not null check (subtotal_minor > 0),
      max_uses integer check (max_uses >= 1),
      -- Successful payments. The check is the last line of defence of max_uses: the counter is raised
      -- in the payment's success transaction, so a payment beyond max_uses cannot commit.
      paid_count integer not null default 0 check (paid_count >= 0 and (max_uses is null or paid_count <= max_uses)),
      is_active boolean not null default true,
      expires_at timestamptz,
      metadata jsonb not null default '{}'::jsonb,
      created_by_user_id bigint references users(id) on delete set null,
      deleted_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create index payment_links_org_idx on payment_links (organization_id, environment, id desc)`,
    `alter table checkout_sessions add constraint checkout_sessions_payment_link_fk foreign key (payment_link_id) references payment_links(id)`,
    `create index checkout_sessions_payment_link_idx on checkout_sessions (payment_link_id) where payment_link_id is not null`,
    `create table refund_verification_codes (
      id bigint generated always as identity primary key,
      user_id bigint not null references users(id) on delete cascade,
      organization_id bigint not null references organizations(id),
      code_hash text not null,
      attempts integer not null default 0 check (attempts >= 0),
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    `create index refund_verification_codes_user_idx on refund_verification_codes (user_id, id desc)`,
  )
}
