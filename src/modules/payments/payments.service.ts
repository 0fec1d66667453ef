import type { AppContext } from '../../context.ts'
import { parseLookupId } from '../../lib/ids.ts'
import { formatMinor } from '../../lib/money.ts'
import { FieldErrors, notFound } from '../../lib/errors.ts'
import { parseDateTime } from '../../lib/datetime.ts'
import { boundedTotal, countBoundOf, decodeCursor, encodeCursor } from '../../lib/paging.ts'
import { serializeAttempt } from './payments.mapper.ts'
import { listAttempts } from './transactions.repository.ts'
import type { PaymentListInput } from './payments.schemas.ts'
import * as repo from './payments.repository.ts'
import { reviewOf, serializePaymentSummary, serializeRefund } from './payments.mapper.ts'

const ORDERS: Record<string, repo.PaymentOrder> = {
  created_at: { column: 't.created_at', direction: 'asc' },
  '-created_at': { column: 't.created_at', direction: 'desc' },
  amount: { column: 't.gross_amount_minor', direction: 'asc' },
  '-amount': { column: 't.gross_amount_minor', direction: 'desc' },
}

/** The query parameters a payments page's Link keeps, in this order. */
export const PAYMENT_LIST_LINK_KEYS = [
  'environment',
  'status',
  'currency',
  'created_at__gte',
  'created_at__lte',
  'search',
  'ordering',
  'cursor',
] as const

/** The list's filters from its query (shared by the page and the CSV export); 400 naming each bad field. */
export function paymentFilterOf(input: PaymentListInput): repo.PaymentFilter {
  const errors = new FieldErrors()
  const filter: repo.PaymentFilter = {}
  if (input.status) filter.status = input.status
  if (input.currency) filter.currency = input.currency
  for (const [field, key] of [
    ['created_at__gte', 'createdFrom'],
    ['created_at__lte', 'createdTo'],
  ] as const) {
    const raw = input[field]
    if (raw === undefined) continue
    const date = parseDateTime(raw)
    if (date) filter[key] = date
    else errors.add(field, 'Must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z.')
  }
  const ordering = input.ordering ?? '-created_at'
  if (input.cursor !== undefined && decodeCursor(input.cursor, ordering) === null)
    errors.add('cursor', 'Not a cursor of this list and ordering; use the X-Next-Cursor of a previous page.')
  errors.throwIfAny()
  const search = input.search?.trim()
  if (search) filter.search = search
  return filter
}

export const paymentOrderOf = (input: PaymentListInput) => ORDERS[input.ordering ?? '-created_at']

/** One page of GET /api/payments/: `{items, total}`; the route sends X-Total-Count and Link as GET /api/refunds/. */
export async function listPaymentsPage(ctx: AppContext, scope: repo.PaymentScope, input: PaymentListInput) {
  const filter = paymentFilterOf(input)
  const ordering = input.ordering ?? '-created_at'
  const afterId = input.cursor === undefined ? undefined : decodeCursor(input.cursor, ordering)
  const page = input.page ?? 1
  const pageSize = input.page_size ?? 20
  const { rows, total } = await repo.listPayments(
    ctx.db,
    scope,
    filter,
    paymentOrderOf(input),
    pageSize,
    (page - 1) * pageSize,
    afterId ?? undefined,
  )
  const last = rows.at(-1)
  return {
    items: rows.map(serializePaymentSummary),
    ...boundedTotal(total, countBoundOf(filter)),
    nextCursor: last && rows.length === pageSize ? encodeCursor(last.id, ordering) : null,
  }
}

/** GET /api/payments/{id}/: the payment with its attempts, refunds and webhook events. */
export async function getPaymentDetail(ctx: AppContext, scope: repo.PaymentScope, rawId: string) {
  const id = parseLookupId(rawId, 'TX')
  const tx = id && (await repo.findPayment(ctx.db, scope, id))
  if (!tx) throw notFound('Payment')
  const [attempts, refunds, events] = await Promise.all([
    listAttempts(ctx.db, tx.id),
    repo.listPaymentRefunds(ctx.db, tx.id),
    repo.listPaymentEvents(ctx.db, tx.organization_id, tx.environment, tx.public_id),
  ])
  const depositAttempts = attempts.map(serializeAttempt)
  return {
    ...serializePaymentSummary(tx),
    products: tx.products.map((p) => ({
      id: p.id,
      name: p.name,
      quantity: p.quantity,
      unit_price: formatMinor(p.unit_amount_minor),
    })),
    billing: {
      first_name: tx.billing_first_name,
      last_name: tx.billing_last_name,
      email: tx.billing_email,
      phone: tx.billing_phone,
      country: tx.billing_country,
      postal_code: tx.billing_postal_code,
    },
    deposit_status: tx.deposit_status,
    cancel_reason: tx.cancel_reason,
    review: reviewOf(tx),
    attempts: depositAttempts,
    depositAttempts,
    refunds: refunds.map(serializeRefund),
    events: events.map((e) => ({
      id: e.public_id,
      type: e.type,
      status: typeof e.payload?.status === 'string' ? e.payload.status : null,
      created_at: e.created_at.toISOString(),
      payload: e.payload,
    })),
  }
}
