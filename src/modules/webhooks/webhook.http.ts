import http from 'node:http'
import https from 'node:https'
import { pinnedLookup } from './lib/ssrf.ts'

export const DELIVERY_TIMEOUT_MS = 15_000
export const MAX_RESPONSE_BODY_BYTES = 2048

export interface HttpOutcome {
  /** HTTP status, or null when no response arrived (network error, timeout). */
  statusCode: number | null
  retryAfter?: string
  /** First 2 KB of the answer, kept for the attempt log. */
  body: string | null
  error: string | null
  durationMs: number
}

// Keep-alive pools for unpinned requests (private URLs allowed: development, tests, benchmarks).
// Pinned requests get a fresh connection each, since a pool keys on host:port, not on the vetted IP.
const keepAlive = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
}

/** Cuts at a UTF-8 character boundary so the stored text is valid and ≤ `max` bytes. */
export function truncateUtf8(buffer: Buffer, max = MAX_RESPONSE_BODY_BYTES): string {
  if (buffer.length <= max) return buffer.toString('utf8')
  let end = max
  while (end > 0 && (buffer[end] & 0xc0) === 0x80) end--
  return buffer.subarray(0, end).toString('utf8')
}

/**
 * One POST. Redirects are never followed (node:http does not) and count as failures, like every
 * non-2xx. `addresses`, when given, are the SSRF-vetted IPs: the socket connects only to them.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { addresses?: string[]; timeoutMs?: number } = {},
): Promise<HttpOutcome> {
  const started = performance.now()
  const parsed = new URL(url)
  const isHttps = parsed.protocol === 'https:'
  const pinned = options.addresses && options.addresses.length > 0
  return new Promise((resolve) => {
    let settled = false
    const finish = (outcome: Omit<HttpOutcome, 'durationMs'>) => {
      if (settled) return
      settled = true
      resolve({ ...outcome, durationMs: Math.round(performance.now() - started) })
    }
    const request = (isHttps ? https : http).request(parsed, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      agent: pinned ? false : isHttps ? keepAlive.https : keepAlive.http,
      ...(pinned ? { lookup: pinnedLookup(options.addresses!) } : {}),
      timeout: options.timeoutMs ?? DELIVERY_TIMEOUT_MS,
    })
    // One deadline for the whole exchange, not only socket idleness: a trickling receiver cannot hold a worker.
    const deadline = setTimeout(
      () => request.destroy(new Error(`timed out after ${options.timeoutMs ?? DELIVERY_TIMEOUT_MS} ms`)),
      options.timeoutMs ?? DELIVERY_TIMEOUT_MS,
    )
    request.on('timeout', () =>
      request.destroy(new Error(`timed out after ${options.timeoutMs ?? DELIVERY_TIMEOUT_MS} ms`)),
    )
    request.on('error', (err) => {
      clearTimeout(deadline)
      finish({ statusCode: null, body: null, error: err.message || String(err) })
    })
    request.on('response', (response) => {
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        if (size < MAX_RESPONSE_BODY_BYTES + 4) chunks.push(chunk)
        size += chunk.length
        // Nothing past 2 KB is kept; stop reading a large answer instead of downloading it.
        if (size > 64 * 1024) response.destroy()
      })
      const done = () => {
        clearTimeout(deadline)
        const status = response.statusCode ?? 0
        const retryAfter = response.headers['retry-after']
        finish({
          statusCode: status,
          retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
          body: chunks.length ? truncateUtf8(Buffer.concat(chunks)) : null,
          error:
            status >= 200 && status < 300
              ? null
              : status >= 300 && status < 400
                ? `redirect to ${response.headers.location ?? '?'} not followed`
                : `HTTP ${status}`,
        })
      }
      response.on('end', done)
      response.on('close', done)
      response.on('error', done)
    })
    request.end(body)
  })
}
