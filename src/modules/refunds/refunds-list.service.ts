import type { AppContext } from '../../context.ts'
import { FieldErrors } from '../../lib/errors.ts'
import { parseDateTime } from '../../lib/datetime.ts'
import { boundedTotal, DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor, SEARCH_COUNT_BOUND } from '../../lib/paging.ts'
import type { RefundListInput } from './refunds.schemas.ts'
import { listRefunds, type RefundFilter, type RefundOrder, type TenantScope } from './refunds.repository.ts'
import { serializeRefund } from './refunds.service.ts'

const ORDERS: Record<string, RefundOrder> = {
  created_at: { column: 'created_at', direction: 'asc' },
  '-created_at': { column: 'created_at', direction: 'desc' },
  amount: { column: 'amount_minor', direction: 'asc' },
  '-amount': { column: 'amount_minor', direction: 'desc' },
}

/** The query parameters a refunds page's Link keeps, in this order. */
export const REFUND_LIST_LINK_KEYS = [
  'status',
  'created_at__gte',
  'created_at__lte',
  'search',
  'ordering',
  'cursor',
] as const

/** One page of GET /api/refunds/: `{items, total}`; the route sends X-Total-Count and Link. */
export async function listRefundsPage(ctx: AppContext, scope: TenantScope, input: RefundListInput) {
  const errors = new FieldErrors()
  const filter: RefundFilter = {}
  if (input.status) filter.status = input.status
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
  const afterId = input.cursor === undefined ? undefined : decodeCursor(input.cursor, ordering)
  if (afterId === null)
    errors.add('cursor', 'Not a cursor of this list and ordering; use the X-Next-Cursor of a previous page.')
  errors.throwIfAny()
  const search = input.search?.trim()
  if (search) filter.search = search
  const page = input.page ?? 1
  const pageSize = input.page_size ?? DEFAULT_PAGE_SIZE
  const { rows, total } = await listRefunds(
    ctx.db,
    scope,
    filter,
    ORDERS[ordering],
    pageSize,
    (page - 1) * pageSize,
    afterId ?? undefined,
  )
  const last = rows.at(-1)
  return {
    items: rows.map(serializeRefund),
    // Only a search is counted row by row (and so bounded); other counts are exact whatever the size.
    ...(filter.search ? boundedTotal(total, SEARCH_COUNT_BOUND) : { total, totalExact: true }),
    nextCursor: last && rows.length === pageSize ? encodeCursor(last.id, ordering) : null,
  }
}
