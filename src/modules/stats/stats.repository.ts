import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'

// Reads the per-day aggregates kept by trigger (migration 0012): a 90-day range is a few hundred
// rows whatever the number of payments, found through the tables' primary keys.

export interface Scope {
  organizationId: number
  environment: Environment
}

export interface PaymentDayRow {
  day: string
  currency: string
  status: string
  attempted: boolean
  n: number
  gross_minor: number
}

export interface RefundDayRow {
  day: string
  currency: string
  status: string
  n: number
  amount_minor: number
}

export async function paymentDays(db: Database, scope: Scope, from: string, to: string): Promise<PaymentDayRow[]> {
  const { rows } = await sql<PaymentDayRow>`
    select to_char(day, 'YYYY-MM-DD') as day, currency, status, attempted, n, gross_minor
      from payment_daily_stats
     where organization_id = ${scope.organizationId} and environment = ${scope.environment}
       and day between ${from}::date and ${to}::date and n > 0`.execute(db)
  return rows
}

export async function refundDays(db: Database, scope: Scope, from: string, to: string): Promise<RefundDayRow[]> {
  const { rows } = await sql<RefundDayRow>`
    select to_char(day, 'YYYY-MM-DD') as day, currency, status, n, amount_minor
      from refund_daily_stats
     where organization_id = ${scope.organizationId} and environment = ${scope.environment}
       and day between ${from}::date and ${to}::date and n > 0`.execute(db)
  return rows
}
