import type { AppContext } from '../../context.ts'
import { FieldErrors } from '../../lib/errors.ts'
import { DEFAULT_PAGE_SIZE, linkHeader } from '../../http/paging.ts'
import type { RefundListInput } from './refunds.schemas.ts'
import { listRefunds, type RefundFilter, type RefundOrder, type TenantScope } from './refunds.repository.ts'
import { serializeRefund } from './refunds.service.ts'

const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i

/** ISO 8601 date-time or date; without an offset it is read as UTC. Null when it is not one. */
export function parseDateTime(raw: string): Date | null {
  const text = raw.trim()
  if (!DATE_TIME.test(text)) return null
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) && text.length > 10
  const iso = text.length === 10 ? `${text}T00:00:00Z` : hasZone ? text : `${text}Z`
  const date = new Date(iso.replace(' ', 'T'))
  return Number.isNaN(date.getTime()) ? null : date
}

const ORDERS: Record<string, RefundOrder> = {
  created_at: { column: 'created_at', direction: 'asc' },
  '-created_at': { column: 'created_at', direction: 'desc' },
  amount: { column: 'amount_minor', direction: 'asc' },
  '-amount': { column: 'amount_minor', direction: 'desc' },
}

export async function listRefundsPage(ctx: AppContext, scope: TenantScope, input: RefundListInput, path: string) {
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
  errors.throwIfAny()
  const search = input.search?.trim()
  if (search) filter.search = search
  const ordering = input.ordering ?? '-created_at'
  const page = input.page ?? 1
  const pageSize = input.page_size ?? DEFAULT_PAGE_SIZE
  const { rows, total } = await listRefunds(ctx.db, scope, filter, ORDERS[ordering], pageSize, (page - 1) * pageSize)
  const query: Record<string, string> = {}
  for (const key of ['status', 'created_at__gte', 'created_at__lte', 'search', 'ordering'] as const) {
    if (input[key] !== undefined) query[key] = String(input[key])
  }
  return {
    body: rows.map(serializeRefund),
    headers: {
      'x-total-count': String(total),
      link: linkHeader(`${ctx.config.publicUrl}${path}`, query, page, pageSize, total),
    },
  }
}
