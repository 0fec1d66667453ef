/** Page size of every list when the client does not choose one (`page_size`, 1–100). */
export const DEFAULT_PAGE_SIZE = 20

/**
 * Lists whose count is row by row (the payments list) count exactly up to this many matches; beyond
 * it X-Total-Count is this lower bound and X-Total-Count-Exact is `false`. Counted from an index alone.
 */
export const COUNT_BOUND = 10_000

/**
 * A `search` counts exactly up to this many matches. Lower than COUNT_BOUND because every match is
 * a row read and a text comparison: a term in 10–20 % of 1,000,000 rows reaches 10,001 matches only
 * after 50,000–100,000 rows (100–160 ms on a loaded 2-core machine), 1,001 after a tenth of that.
 */
export const SEARCH_COUNT_BOUND = 1_000

/** `page` (from 1) and `page_size` as LIMIT/OFFSET. */
export const pageOf = (query: { page?: number; page_size?: number }) => {
  const page = query.page ?? 1
  const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize }
}

/** A bounded count (at most `bound` + 1 rows counted) as the total a list reports. */
export function boundedTotal(counted: number, bound = COUNT_BOUND): { total: number; totalExact: boolean } {
  return counted > bound ? { total: bound, totalExact: false } : { total: counted, totalExact: true }
}

/** The bound a list's row-by-row count stops at: lower for a search (see SEARCH_COUNT_BOUND). */
export const countBoundOf = (filter: { search?: string }) => (filter.search ? SEARCH_COUNT_BOUND : COUNT_BOUND)

/**
 * Keyset cursors: opaque to clients, they name the last row of a page (its numeric id) and the
 * ordering they were made for. A cursor is only valid with the same `ordering`.
 */
export function encodeCursor(id: number, ordering: string): string {
  return Buffer.from(`${ordering}:${id}`, 'utf8').toString('base64url')
}

export function decodeCursor(raw: string, ordering: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(raw)) return null
  const match = /^(-?[a-z_]+):([1-9]\d{0,15})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'))
  if (!match || match[1] !== ordering) return null
  const id = Number(match[2])
  return Number.isSafeInteger(id) ? id : null
}

/** A search's match with the value the list is ordered by. */
export interface Match {
  id: number
  key: number | Date
}

/**
 * The ids of one page of `matches` (every match of a search, at most its bound) in the list's order,
 * tie broken by id: after `afterId` (keyset) or from `offset`. Null when `afterId` is not a match (it
 * no longer matches): the caller then pages in the database.
 */
export function pageOfMatches(
  matches: Match[],
  direction: 'asc' | 'desc',
  limit: number,
  offset: number,
  afterId?: number,
): number[] | null {
  const sign = direction === 'asc' ? 1 : -1
  const sorted = [...matches].sort((a, b) => sign * (Number(a.key) - Number(b.key) || a.id - b.id))
  let start = offset
  if (afterId !== undefined) {
    const at = sorted.findIndex((m) => m.id === afterId)
    if (at < 0) return null
    start = at + 1
  }
  return sorted.slice(start, start + limit).map((m) => m.id)
}

/** Weeks a search's date range may name, at most: wider ranges are narrowed row by row, as before. */
export const SEARCH_RANGE_MAX_WEEKS = 8

const DAY_MS = 86_400_000
const WEEK_EPOCH_MS = Date.UTC(2000, 0, 3) // a Monday

/**
 * The week number the search indexes store beside the trigrams (migration 0018): whole UTC days since
 * 2000-01-03, divided by 7 and truncated, exactly as PostgreSQL's integer division does (+ 0: in
 * JavaScript -1 / 7 truncates to -0).
 */
export const searchWeekOf = (at: Date) => Math.trunc(Math.floor((at.getTime() - WEEK_EPOCH_MS) / DAY_MS) / 7) + 0

/**
 * The weeks a search over a date range may restrict its index scan to, or null when the range is
 * open below or spans more than SEARCH_RANGE_MAX_WEEKS (one index scan per week: past that, walking
 * the range is cheaper). `last` is null when the range is open above: every week from `first` on.
 * Rows in the range always fall in these weeks, so the restriction never changes a result.
 */
export function searchWeeksOf(
  range: { createdFrom?: Date; createdTo?: Date },
  now: Date,
): { first: number; last: number | null } | null {
  if (!range.createdFrom) return null
  const first = searchWeekOf(range.createdFrom)
  const last = range.createdTo ? searchWeekOf(range.createdTo) : null
  const end = last ?? searchWeekOf(now)
  if (end < first || end - first + 1 > SEARCH_RANGE_MAX_WEEKS) return null
  return { first, last }
}
