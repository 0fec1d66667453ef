import type { Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// Dashboard: user sessions, TOTP two-factor, login throttling, invitations, email outbox, audit log.
// Every secret a user could replay (session tokens, 2FA challenges, recovery codes, invitation
// tokens) is stored as a SHA-256 hash only; TOTP secrets are encrypted with SECRET_KEY.
export async function up(trx: Transaction<any>): Promise<void> {
  await exec(
    trx,
    `alter table users
      add column totp_secret text,
      add column totp_pending_secret text,
      add column totp_enabled_at timestamptz,
      add column totp_last_step bigint,
      add column password_changed_at timestamptz`,
    `create table user_sessions (
      id bigint generated always as identity primary key,
      user_id bigint not null references users(id) on delete cascade,
      organization_id bigint not null references organizations(id),
      token_hash text not null unique,
      ip text,
      user_agent text,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      absolute_expires_at timestamptz not null,
      revoked_at timestamptz,
      check (absolute_expires_at > created_at)
    )`,
    `create index user_sessions_user_idx on user_sessions (user_id) where revoked_at is null`,
    `create table two_factor_challenges (
      id bigint generated always as identity primary key,
      user_id bigint not null references users(id) on delete cascade,
      challenge_hash text not null unique,
      attempts integer not null default 0 check (attempts >= 0),
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    `create table recovery_codes (
      id bigint generated always as identity primary key,
      user_id bigint not null references users(id) on delete cascade,
      code_hash text not null,
      used_at timestamptz,
      created_at timestamptz not null default now(),
      unique (user_id, code_hash)
    )`,
    // One row per throttled key ("account:<email>" or "ip:<address>"), so the counters survive restarts
    // and are shared by every API process.
    `create table login_throttle (
      key text primary key,
      failures integer not null default 0 check (failures >= 0),
      last_failure_at timestamptz not null default now(),
      locked_until timestamptz
    )`,
    `create table invitations (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id),
      email text not null,
      role text not null check (role in ('owner', 'admin', 'developer', 'viewer')),
      token_hash text not null unique,
      invited_by_user_id bigint references users(id) on delete set null,
      status text not null default 'pending' check (status in ('pending', 'accepted', 'revoked')),
      expires_at timestamptz not null,
      accepted_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    `create index invitations_org_idx on invitations (organization_id, id desc)`,
    `create table email_outbox (
      id bigint generated always as identity primary key,
      organization_id bigint references organizations(id),
      to_address text not null,
      subject text not null,
      body_text text not null,
      status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'stored', 'failed')),
      transport text,
      attempts integer not null default 0,
      locked_until timestamptz,
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    )`,
    `create index email_outbox_org_idx on email_outbox (organization_id, id desc)`,
    `create table audit_log (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id),
      actor_user_id bigint references users(id) on delete set null,
      actor_email text,
      action text not null,
      target_type text not null,
      target_id text,
      ip text,
      before jsonb,
      after jsonb,
      created_at timestamptz not null default now()
    )`,
    `create index audit_log_org_idx on audit_log (organization_id, id desc)`,
  )
}
