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

/**
 * Sends one page: the items as the body, X-Total-Count, and Link keeping every other query parameter
 * (or, with `linkKeys`, exactly those parameters in that order).
 */
export function sendPage<T>(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  result: { items: T[]; total: number },
  linkKeys?: readonly string[],
) {
  const given = request.query as Record<string, unknown>
  const entries = linkKeys ? linkKeys.map((k) => [k, given[k]] as const) : Object.entries(given)
  const query = Object.fromEntries(
    entries.filter(([k, v]) => v !== undefined && k !== 'page' && k !== 'page_size').map(([k, v]) => [k, String(v)]),
  )
  const { page, pageSize } = pageOf(request.query as { page?: number; page_size?: number })
  const link = linkHeader(`${ctx.config.publicUrl}${request.url.split('?')[0]}`, query, page, pageSize, result.total)
  return reply.header('x-total-count', result.total).header('link', link).send(result.items)
}

/** RFC 8288 `Link` with next/prev and first/last pages, keeping every other query parameter. */
export function linkHeader(
  baseUrl: string,
  query: Record<string, string>,
  page: number,
  pageSize: number,
  total: number,
): string {
  const last = Math.max(1, Math.ceil(total / pageSize))
  const url = (p: number) =>
    `<${baseUrl}?${new URLSearchParams({ ...query, page: String(p), page_size: String(pageSize) }).toString()}>`
  const links: string[] = []
  if (page < last) links.push(`${url(page + 1)}; rel="next"`)
  if (page > 1) links.push(`${url(Math.min(page - 1, last))}; rel="prev"`)
  links.push(`${url(1)}; rel="first"`, `${url(last)}; rel="last"`)
  return links.join(', ')
}
