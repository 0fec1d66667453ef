import type { AppContext } from '../../context.ts'
import { formatMinor } from '../../lib/money.ts'
import type { PaymentListInput } from './payments.schemas.ts'
import * as repo from './payments.repository.ts'
import { paymentFilterOf, paymentOrderOf } from './payments.service.ts'

// GET /api/payments/export.csv: the filtered list, every page, as CSV. Rows are read in batches by
// keyset and written as they come, so an export of any size holds one batch in memory.

const BATCH = 500

export const CSV_COLUMNS = [
  'id',
  'created_at',
  'status',
  'label',
  'currency',
  'gross_amount',
  'tax_amount',
  'fee_amount',
  'net_amount',
  'amount_refunded',
  'payer_email',
  'order_id',
  'paid_at',
] as const

/** RFC 4180 quoting, and a leading quote on values a spreadsheet would run as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

type Row = Awaited<ReturnType<typeof repo.listPaymentsAfter>>[number]

function csvLine(t: Row): string {
  const incomplete = t.status === 'processing' && t.first_attempt_at === null
  return `${[
    t.public_id,
    t.created_at.toISOString(),
    t.status,
    incomplete ? 'incomplete' : t.status,
    t.currency,
    formatMinor(t.gross_amount_minor),
    formatMinor(t.tax_amount_minor),
    formatMinor(t.fee_amount_minor),
    formatMinor(t.net_amount_minor),
    formatMinor(t.amount_refunded_minor),
    t.payer_email,
    t.order_id,
    t.paid_at?.toISOString() ?? '',
  ]
    .map(csvField)
    .join(',')}\r\n`
}

/** Validates the filters first (a 400 before any byte is sent), then yields the CSV text batch by batch. */
export function exportPaymentsCsv(ctx: AppContext, scope: repo.PaymentScope, input: PaymentListInput, batch = BATCH) {
  const filter = paymentFilterOf(input)
  const order = paymentOrderOf(input)
  return (async function* () {
    yield `${CSV_COLUMNS.join(',')}\r\n`
    let after: { value: Date | number; id: number } | null = null
    for (;;) {
      const rows = await repo.listPaymentsAfter(ctx.db, scope, filter, order, after, batch)
      if (rows.length > 0) yield rows.map(csvLine).join('')
      if (rows.length < batch) return
      const last = rows[rows.length - 1]
      after = { value: order.column === 't.created_at' ? last.created_at : last.gross_amount_minor, id: last.id }
    }
  })()
}
