import { KassaConnectionError, KassaTimeoutError, retryAfterSeconds } from './errors.ts'

export interface TransportOptions {
  /** Per attempt, until the whole answer is read (for an event stream: until its headers arrive). */
  timeoutMs: number
  /** Extra attempts after the first, for idempotent requests only. */
  maxRetries: number
  /** First backoff delay; it doubles per retry (capped at 8 s), with jitter. */
  retryDelayMs: number
  fetch: typeof fetch
  /** Called before each retry (tests and logging). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void
}

const MAX_DELAY_MS = 8_000
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

/**
 * A request may be sent again only when a repeat cannot do anything twice: a GET, or a POST carrying
 * an Idempotency-Key (the server replays the first answer). A POST without a key is sent once, ever.
 */
export function isRetryable(request: Request): boolean {
  const method = request.method.toUpperCase()
  if (method === 'GET' || method === 'HEAD') return true
  return method === 'POST' && request.headers.has('idempotency-key')
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, so retries never synchronise. */
export function backoffDelay(retry: number, baseMs: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_DELAY_MS, baseMs * 2 ** retry)
  return Math.round(step / 2 + (random() * step) / 2)
}

const sleep = (ms: number, signal: AbortSignal | null) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(signal.reason)
      },
      { once: true },
    )
  })

function errorCode(body: ArrayBuffer): string | undefined {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body))
    return typeof parsed?.code === 'string' ? parsed.code : undefined
  } catch {
    return undefined
  }
}

/**
 * The `fetch` openapi-fetch calls: one timeout per attempt (AbortController), and retries with
 * backoff on network errors, timeouts, 5xx and 409 `idempotency_key_in_use` (the first attempt is
 * still running on the server) — for retryable requests only.
 */
export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  return async (request: Request) => {
    const retryable = isRetryable(request)
    const body = request.body ? await request.arrayBuffer() : undefined
    const callerSignal = request.signal
    const attempts = retryable ? options.maxRetries + 1 : 1
    for (let attempt = 1; ; attempt++) {
      const controller = new AbortController()
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        controller.abort()
      }, options.timeoutMs)
      const onCallerAbort = () => controller.abort(callerSignal.reason)
      callerSignal.addEventListener('abort', onCallerAbort, { once: true })
      let retryReason: string
      let retryAfterMs = 0
      let streaming = false
      try {
        const response = await options.fetch(
          new Request(request.url, {
            method: request.method,
            headers: request.headers,
            body,
            redirect: request.redirect,
            signal: controller.signal,
          }),
        )
        // An event stream stays open: the timeout covered its headers; the caller's signal still ends it.
        if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
          streaming = true
          return response
        }
        const buffered = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer()
        const again =
          response.status >= 500 ||
          (response.status === 409 && buffered !== null && errorCode(buffered) === 'idempotency_key_in_use')
        if (!again || attempt >= attempts) {
          return new Response(buffered, {
            status: response.status,
            statusText: response.statusText,
            headers: response.headers,
          })
        }
        retryReason = `HTTP ${response.status}`
        const retryAfter = retryAfterSeconds(response.headers)
        if (retryAfter !== undefined) retryAfterMs = Math.min(retryAfter * 1000, MAX_DELAY_MS)
      } catch (err) {
        if (callerSignal.aborted) throw callerSignal.reason ?? err
        const failure = timedOut
          ? new KassaTimeoutError(options.timeoutMs)
          : new KassaConnectionError(err instanceof Error ? err.message : String(err), err)
        if (attempt >= attempts) throw failure
        retryReason = failure.code
      } finally {
        clearTimeout(timer)
        if (!streaming) callerSignal.removeEventListener('abort', onCallerAbort)
      }
      const delayMs = Math.max(retryAfterMs, backoffDelay(attempt - 1, options.retryDelayMs))
      options.onRetry?.({ attempt, delayMs, reason: retryReason })
      await sleep(delayMs, callerSignal)
    }
  }
}
