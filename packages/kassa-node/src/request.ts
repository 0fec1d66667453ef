import createClient, { type Client } from 'openapi-fetch'
import type { paths } from './generated/schema.ts'
import { errorFromResponse } from './errors.ts'
import { responseMeta, withResponse, type ResponseMeta, type WithResponse } from './response.ts'
import { createTransport, type TransportOptions } from './transport.ts'
import { VERSION } from './version.ts'

export interface KassaOptions {
  /** A secret API key (`Authorization: Api-Key …`); sandbox keys see sandbox data only. */
  apiKey: string
  /** Where Kassa runs, e.g. `https://pay.example.com` (the paths add /api/…). */
  baseUrl: string
  /** Per attempt; default 30 000 ms. */
  timeoutMs?: number
  /** Retries of idempotent requests after the first attempt; default 2. */
  maxRetries?: number
  /** First backoff delay, doubling per retry (with jitter); default 500 ms. */
  retryDelayMs?: number
  /** A fetch implementation (default the global one). */
  fetch?: typeof fetch
}

export interface RequestOptions {
  /**
   * POST only: the Idempotency-Key to send. Default: a fresh UUID per call, reused by its retries.
   * `null` sends none, and then the request is never retried.
   */
  idempotencyKey?: string | null
  timeoutMs?: number
  maxRetries?: number
  signal?: AbortSignal
  /** Extra headers. */
  headers?: Record<string, string>
}

export type ApiClient = Client<paths>

/** One configured client: the generated openapi-fetch client plus our transport (timeouts, retries). */
export class Requester {
  readonly api: ApiClient
  private readonly transport: Omit<TransportOptions, 'fetch'> & { fetch: typeof fetch }

  constructor(options: KassaOptions) {
    if (typeof options?.apiKey !== 'string' || options.apiKey.trim() === '')
      throw new TypeError('new Kassa({ apiKey }) needs an API key')
    if (typeof options.baseUrl !== 'string' || !/^https?:\/\//.test(options.baseUrl))
      throw new TypeError('new Kassa({ baseUrl }) needs an http(s) URL, e.g. https://pay.example.com')
    this.transport = {
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 2,
      retryDelayMs: options.retryDelayMs ?? 500,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    }
    this.api = createClient<paths>({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      headers: {
        authorization: `Api-Key ${options.apiKey}`,
        accept: 'application/json',
        'user-agent': `kassa-node/${VERSION}`,
      },
    })
  }

  /** openapi-fetch options for one call: our fetch with the call's limits, headers, signal. */
  init(method: 'GET' | 'POST', options: RequestOptions = {}) {
    const headers: Record<string, string> = { ...options.headers }
    let idempotencyKey: string | undefined
    if (method === 'POST' && options.idempotencyKey !== null) {
      idempotencyKey = options.idempotencyKey ?? globalThis.crypto.randomUUID()
      headers['idempotency-key'] = idempotencyKey
    }
    const transport = createTransport({
      ...this.transport,
      timeoutMs: options.timeoutMs ?? this.transport.timeoutMs,
      maxRetries: options.maxRetries ?? this.transport.maxRetries,
    })
    return {
      idempotencyKey,
      init: { headers, signal: options.signal, fetch: transport as typeof fetch },
    }
  }
}

/** openapi-fetch's answer → the body with `lastResponse`, or a thrown KassaError. */
export function unwrap<T extends object>(
  result: { data?: T; error?: unknown; response: Response },
  idempotencyKey: string | undefined,
): WithResponse<T> {
  if (!result.response.ok || result.data === undefined) throw errorFromResponse(result.response, result.error)
  return withResponse(result.data, responseMeta(result.response, idempotencyKey))
}

export function unwrapList<T>(result: { data?: T[]; error?: unknown; response: Response }): {
  data: T[]
  meta: ResponseMeta
} {
  if (!result.response.ok || !Array.isArray(result.data)) throw errorFromResponse(result.response, result.error)
  return { data: result.data, meta: responseMeta(result.response, undefined) }
}
