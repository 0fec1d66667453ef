import type { Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// The request headers of each webhook attempt (signatures and timestamp change per attempt), so the
// dashboard can show exactly what was sent. Null for attempts made before this column existed and
// for attempts the SSRF guard stopped before any request was made.
export async function up(trx: Transaction<any>): Promise<void> {
  await exec(trx, `alter table webhook_attempts add column request_headers jsonb`)
}
