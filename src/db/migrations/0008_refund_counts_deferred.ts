import type { Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// The per-day refund counts trigger becomes a constraint trigger deferred to commit: the hot per-day
// row is then locked only while the transaction commits, after the wallet's accounts (the one lock
// order of money movements), so concurrent refunds of one merchant wait on it briefly (bench/results/money.md).
export async function up(trx: Transaction<any>): Promise<void> {
  await exec(
    trx,
    `drop trigger refunds_count on refunds`,
    `create constraint trigger refunds_count after insert or update of status on refunds deferrable initially deferred
      for each row execute function refunds_count()`,
  )
}
