import { Type } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../context.ts'
import { DEFAULT_PAGE_SIZE, pageOf } from '../lib/paging.ts'

/**
 * List paging for the dashboard, the same as GET /api/refunds/: `page` (from 1) and `page_size`
 * (1–100, default 20); the body is the array, X-Total-Count the total, Link (RFC 8288) the neighbours.
 */
export { DEFAULT_PAGE_SIZE }

export const PagingQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE })),
}

export { pageOf }

/** What a list service returns; `totalExact` and `nextCursor` only from lists with bounded counts and cursors. */
export interface PageResult<T> {
  items: T[]
  total: number
  /** false: `total` is a lower bound (the list's bound counted, more exist). */
  totalExact?: boolean
  /** Cursor naming the last item, when the page is full (more may follow). */
  nextCursor?: string | null
}

/**
 * Sends one page: the items as the body, X-Total-Count, and Link keeping every other query parameter
 * (or, with `linkKeys`, exactly those parameters in that order). Lists with bounded counts also send
 * X-Total-Count-Exact, and omit Link `last` when the total is a lower bound. Lists with cursors send
 * X-Next-Cursor; a request made with `cursor` gets a Link whose `next` continues by cursor.
 */
export function sendPage<T>(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  result: PageResult<T>,
  linkKeys?: readonly string[],
) {
  const given = request.query as Record<string, unknown>
  const entries = linkKeys ? linkKeys.map((k) => [k, given[k]] as const) : Object.entries(given)
  const query = Object.fromEntries(
    entries
      .filter(([k, v]) => v !== undefined && k !== 'page' && k !== 'page_size' && k !== 'cursor')
      .map(([k, v]) => [k, String(v)]),
  )
  const { page, pageSize } = pageOf(request.query as { page?: number; page_size?: number })
  const baseUrl = `${ctx.config.publicUrl}${request.url.split('?')[0]}`
  const full = result.items.length === pageSize
  const link =
    typeof given.cursor === 'string'
      ? cursorLinkHeader(baseUrl, query, pageSize, full ? (result.nextCursor ?? null) : null)
      : linkHeader(baseUrl, query, page, pageSize, result.total, result.totalExact === false ? full : undefined)
  reply.header('x-total-count', result.total)
  if (result.totalExact !== undefined) reply.header('x-total-count-exact', String(result.totalExact))
  if (full && result.nextCursor) reply.header('x-next-cursor', result.nextCursor)
  return reply.header('link', link).send(result.items)
}

/**
 * RFC 8288 `Link` with next/prev and first/last pages, keeping every other query parameter. When the
 * total is only a lower bound, pass `hasMore` (was the page full?): `next` follows it and `last` is left out.
 */
export function linkHeader(
  baseUrl: string,
  query: Record<string, string>,
  page: number,
  pageSize: number,
  total: number,
  hasMore?: boolean,
): string {
  const inexact = hasMore !== undefined
  const last = Math.max(1, Math.ceil(total / pageSize))
  const url = (p: number) =>
    `<${baseUrl}?${new URLSearchParams({ ...query, page: String(p), page_size: String(pageSize) }).toString()}>`
  const links: string[] = []
  if (inexact ? hasMore : page < last) links.push(`${url(page + 1)}; rel="next"`)
  if (page > 1) links.push(`${url(inexact ? page - 1 : Math.min(page - 1, last))}; rel="prev"`)
  links.push(`${url(1)}; rel="first"`)
  if (!inexact) links.push(`${url(last)}; rel="last"`)
  return links.join(', ')
}

/** `Link` of a page fetched by cursor: `next` by cursor while pages are full, and `first`. */
export function cursorLinkHeader(
  baseUrl: string,
  query: Record<string, string>,
  pageSize: number,
  nextCursor: string | null,
): string {
  const url = (extra: Record<string, string>) =>
    `<${baseUrl}?${new URLSearchParams({ ...query, ...extra, page_size: String(pageSize) }).toString()}>`
  const links: string[] = []
  if (nextCursor) links.push(`${url({ cursor: nextCursor })}; rel="next"`)
  links.push(`${url({ page: '1' })}; rel="first"`)
  return links.join(', ')
}

/** The `cursor` query parameter of lists that offer keyset pagination. */
export const CursorQuery = {
  cursor: Type.Optional(
    Type.String({
      maxLength: 80,
      description:
        'Keyset pagination for deep pages: the X-Next-Cursor of the previous page (or the cursor in its Link `next`). Takes the place of `page`; keep the same `ordering` and filters.',
    }),
  ),
}
