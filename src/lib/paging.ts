/** Page size of every list when the client does not choose one (`page_size`, 1–100). */
export const DEFAULT_PAGE_SIZE = 20

/**
 * Lists whose count is row by row (searches, the payments list) count exactly up to this many
 * matches; beyond it X-Total-Count is this lower bound and X-Total-Count-Exact is `false`.
 */
export const COUNT_BOUND = 10_000

/** `page` (from 1) and `page_size` as LIMIT/OFFSET. */
export const pageOf = (query: { page?: number; page_size?: number }) => {
  const page = query.page ?? 1
  const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize }
}

/** A bounded count (at most COUNT_BOUND + 1 rows counted) as the total a list reports. */
export function boundedTotal(counted: number): { total: number; totalExact: boolean } {
  return counted > COUNT_BOUND ? { total: COUNT_BOUND, totalExact: false } : { total: counted, totalExact: true }
}

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
