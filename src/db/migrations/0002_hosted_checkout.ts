import type { Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// Hosted checkout: the per-session attempt lease (one provider call at a time per session, without
// holding a row lock across the network call) and the pending 3-D Secure challenge.
export async function up(trx: Transaction<any>): Promise<void> {
  await exec(
    trx,
    `alter table checkout_sessions
      add column attempt_reference text,
      add column attempt_lease_until timestamptz,
      add column challenge_payment_id text,
      add column challenge_card jsonb`,
    `create index transactions_deposit_pending_idx on transactions (paid_at) where deposit_status = 'pending'`,
  )
}
