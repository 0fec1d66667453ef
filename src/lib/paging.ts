/** Page size of every list when the client does not choose one (`page_size`, 1–100). */
export const DEFAULT_PAGE_SIZE = 20

/** `page` (from 1) and `page_size` as LIMIT/OFFSET. */
export const pageOf = (query: { page?: number; page_size?: number }) => {
  const page = query.page ?? 1
  const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize }
}
