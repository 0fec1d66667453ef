import type { ResponseMeta } from './response.ts'

export type PageQuery = Record<string, string | number | undefined>

/** One page of a list: the items, the total across all pages, and the way to the next page. */
export interface Page<T> {
  data: T[]
  /** X-Total-Count: items across every page for these filters. */
  total: number
  page: number
  pageSize: number
  hasMore: boolean
  /** The next page (following the Link header), or null on the last one. */
  nextPage(): Promise<Page<T> | null>
  lastResponse: ResponseMeta
}

export type PageFetcher<T> = (query: PageQuery) => Promise<{ data: T[]; meta: ResponseMeta }>

/** The `rel="next"` target of an RFC 8288 Link header, or null. */
export function nextLink(header: string | null): URL | null {
  if (!header) return null
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part)
    const rel = match?.[2]
      .split(';')
      .map((param) => param.trim())
      .find((param) => /^rel=/i.test(param))
    if (!match || !rel?.slice(4).replace(/"/g, '').toLowerCase().split(/\s+/).includes('next')) continue
    try {
      return new URL(match[1])
    } catch {
      return null
    }
  }
  return null
}

/**
 * The query of the page after `current`: the `next` link's parameters (the server keeps every filter
 * in it), else `page + 1` while X-Total-Count says more remain. The link's host is not followed:
 * requests stay on the client's base URL, which may differ from the server's PUBLIC_URL (proxies).
 */
export function nextQuery(current: PageQuery, meta: ResponseMeta, total: number, page: number, pageSize: number) {
  const link = nextLink(meta.headers.get('link'))
  if (link) {
    const query: PageQuery = Object.fromEntries(link.searchParams)
    const linked = Number(query.page)
    return Number.isInteger(linked) && linked > page ? query : null
  }
  if (meta.headers.get('link') !== null || page * pageSize >= total) return null
  return { ...current, page: page + 1 }
}

const DEFAULT_PAGE_SIZE = 20

async function loadPage<T>(fetcher: PageFetcher<T>, query: PageQuery): Promise<Page<T>> {
  const { data, meta } = await fetcher(query)
  const page = Number(query.page ?? 1)
  const pageSize = Number(query.page_size ?? DEFAULT_PAGE_SIZE)
  const header = meta.headers.get('x-total-count')
  const total = header === null ? data.length + (page - 1) * pageSize : Number(header)
  const following = nextQuery(query, meta, total, page, pageSize)
  return {
    data,
    total,
    page,
    pageSize,
    hasMore: following !== null,
    nextPage: () => (following ? loadPage(fetcher, following) : Promise.resolve(null)),
    lastResponse: meta,
  }
}

/**
 * What a list call returns: `await` it for one page, or `for await` over it for every item of every
 * page from there on. Nothing is requested until one of the two starts.
 */
export class PageList<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  private first: Promise<Page<T>> | null = null
  readonly [Symbol.toStringTag] = 'PageList'

  constructor(
    private readonly fetcher: PageFetcher<T>,
    private readonly query: PageQuery,
  ) {}

  private firstPage(): Promise<Page<T>> {
    this.first ??= loadPage(this.fetcher, this.query)
    return this.first
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitable by design (one page), like a promise.
  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((page: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.firstPage().then(onfulfilled, onrejected)
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page<T> | R> {
    return this.firstPage().catch(onrejected)
  }

  finally(onfinally?: (() => void) | null): Promise<Page<T>> {
    return this.firstPage().finally(onfinally)
  }

  /** Every page, from the requested one to the last. */
  async *pages(): AsyncGenerator<Page<T>> {
    let page: Page<T> | null = await this.firstPage()
    while (page) {
      yield page
      page = await page.nextPage()
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const page of this.pages()) yield* page.data
  }

  /** Every item into one array; stops with an error past `limit` items (default 10 000) rather than exhaust memory. */
  async toArray(limit = 10_000): Promise<T[]> {
    const items: T[] = []
    for await (const item of this) {
      if (items.length >= limit) throw new RangeError(`more than ${limit} items; iterate instead`)
      items.push(item)
    }
    return items
  }
}
