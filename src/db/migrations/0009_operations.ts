import type { Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// Rate-limit windows shared by every API process (pay attempts per checkout token and per client IP):
// one row per key, the current fixed window and its hit count.
export async function up(trx: Transaction<any>): Promise<void> {
  await exec(
    trx,
    `create table rate_limit_hits (
      key text primary key,
      window_start timestamptz not null,
      hits integer not null check (hits >= 0)
    )`,
    `create index rate_limit_hits_window_idx on rate_limit_hits (window_start)`,
  )
}
