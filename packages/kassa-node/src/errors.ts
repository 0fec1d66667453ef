/** The error body every Kassa 4xx/5xx answer carries. */
export interface KassaErrorBody {
  detail: string
  code: string
  /** Per-field messages, keyed by field path (`products.0.quantity`, `Idempotency-Key`). */
  errors?: Record<string, string[]>
  /** Set on 500 answers: quote it when reporting a problem. */
  request_id?: string
}

/**
 * Any failed call: an HTTP error answer (`status` 4xx/5xx with Kassa's stable `code`), or, for the
 * subclasses below, a request that never got an answer (`status` 0).
 */
export class KassaError extends Error {
  override readonly name: string = 'KassaError'
  readonly status: number
  readonly code: string
  readonly detail: string
  readonly errors: Record<string, string[]> | undefined
  readonly requestId: string | undefined
  /** Seconds from the Retry-After header (429, 503), when the server sent one. */
  readonly retryAfter: number | undefined
  readonly headers: Headers

  constructor(init: {
    status: number
    code: string
    detail: string
    errors?: Record<string, string[]>
    requestId?: string
    retryAfter?: number
    headers?: Headers
    cause?: unknown
  }) {
    super(init.status ? `${init.status} ${init.code}: ${init.detail}` : `${init.code}: ${init.detail}`, {
      cause: init.cause,
    })
    this.status = init.status
    this.code = init.code
    this.detail = init.detail
    this.errors = init.errors
    this.requestId = init.requestId
    this.retryAfter = init.retryAfter
    this.headers = init.headers ?? new Headers()
  }
}

/** The request failed before any answer (DNS, refused or reset connection). */
export class KassaConnectionError extends KassaError {
  override readonly name: string = 'KassaConnectionError'
  constructor(detail: string, cause?: unknown) {
    super({ status: 0, code: 'connection_error', detail, cause })
  }
}

/** No complete answer within `timeoutMs` (per attempt). */
export class KassaTimeoutError extends KassaError {
  override readonly name: string = 'KassaTimeoutError'
  constructor(timeoutMs: number) {
    super({ status: 0, code: 'timeout', detail: `No answer within ${timeoutMs} ms.` })
  }
}

function isErrorBody(value: unknown): value is KassaErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as KassaErrorBody).code === 'string' &&
    typeof (value as KassaErrorBody).detail === 'string'
  )
}

/** Seconds of a Retry-After header (delta-seconds or HTTP date), or undefined. */
export function retryAfterSeconds(headers: Headers): number | undefined {
  const raw = headers.get('retry-after')
  if (raw === null) return undefined
  const seconds = Number(raw)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds
  const at = Date.parse(raw)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000))
}

/** Builds the error of a non-2xx answer from its (already parsed) body; a body of another shape still maps. */
export function errorFromResponse(response: Response, body: unknown): KassaError {
  const fallback = {
    code: response.status >= 500 ? 'server_error' : 'http_error',
    detail: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
  }
  const parsed = isErrorBody(body) ? body : fallback
  return new KassaError({
    status: response.status,
    code: parsed.code,
    detail: parsed.detail,
    errors: isErrorBody(body) && body.errors && typeof body.errors === 'object' ? body.errors : undefined,
    requestId: (isErrorBody(body) ? body.request_id : undefined) ?? response.headers.get('x-request-id') ?? undefined,
    retryAfter: retryAfterSeconds(response.headers),
    headers: response.headers,
  })
}
