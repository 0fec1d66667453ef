import { createHmac, timingSafeEqual } from 'node:crypto'
import type { KassaEvent } from './events.ts'

/** A Fetch `Headers`, Node's `IncomingHttpHeaders`, or any plain object of header values. */
export type HeadersLike = Headers | Record<string, string | string[] | undefined>

export interface VerifyOptions {
  /** How far `webhook-timestamp` may be from now, either way; default 300 s (5 minutes). */
  toleranceSeconds?: number
  /** The current time (tests); default `Date.now()`. */
  now?: Date | number
}

export type WebhookVerificationReason =
  | 'raw_body_required'
  | 'missing_header'
  | 'invalid_timestamp'
  | 'timestamp_out_of_tolerance'
  | 'invalid_signature'
  | 'invalid_payload'

/** The delivery is not provably from Kassa (or is too old): answer 400 and do not act on it. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError'
  constructor(
    readonly reason: WebhookVerificationReason,
    message: string,
  ) {
    super(message)
  }
}

export const DEFAULT_TOLERANCE_SECONDS = 300
const SECRET_PREFIX = 'whsec_'

function header(headers: HeadersLike, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined
  const record = headers as Record<string, string | string[] | undefined>
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() !== name) continue
    return Array.isArray(value) ? value.join(' ') : value
  }
  return undefined
}

function required(headers: HeadersLike, name: string): string {
  const value = header(headers, name)?.trim()
  if (!value) throw new WebhookVerificationError('missing_header', `The ${name} header is missing.`)
  return value
}

/** Equal-length constant-time compare; a length difference is not secret (both are fixed-size MACs). */
function safeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

function standardKey(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64')
  if (key.length === 0) throw new TypeError('the webhook secret has no key material after whsec_')
  return key
}

/**
 * Checks a delivery and returns its event. Both signatures Kassa sends must hold:
 * - Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256>` of `${webhook-id}.${webhook-timestamp}.${body}`
 *   keyed with the bytes after `whsec_`; it covers the timestamp, which must be within `toleranceSeconds`.
 * - `X-Webhook-Signature: sha256=<hex HMAC-SHA256>` of the body keyed with the secret string as shown.
 * Comparisons are constant-time. `secret` may be a list (old and new secret while rotating).
 * `rawBody` must be the exact bytes received, not a re-serialised object.
 */
export function verifyWebhook(
  rawBody: string | Uint8Array,
  headers: HeadersLike,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): KassaEvent {
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array))
    throw new WebhookVerificationError(
      'raw_body_required',
      'Pass the raw request body (string or Buffer), not a parsed object: the signature covers the exact bytes.',
    )
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody)
  const secrets = typeof secret === 'string' ? [secret] : [...secret]
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s === ''))
    throw new TypeError('a webhook secret (whsec_…) is required')

  const id = required(headers, 'webhook-id')
  const timestamp = required(headers, 'webhook-timestamp')
  const standard = required(headers, 'webhook-signature')
  const kassa = required(headers, 'x-webhook-signature')

  if (!/^\d{1,12}$/.test(timestamp))
    throw new WebhookVerificationError('invalid_timestamp', 'webhook-timestamp is not Unix seconds.')
  const nowMs = options.now === undefined ? Date.now() : Number(options.now)
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > tolerance)
    throw new WebhookVerificationError(
      'timestamp_out_of_tolerance',
      `webhook-timestamp is more than ${tolerance} s from now (replayed or clock skew).`,
    )

  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), body])
  const offered = standard
    .split(/\s+/)
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3), 'base64'))
  const kassaOffered = Buffer.from(kassa, 'utf8')
  const matches = secrets.some((s) => {
    const mac = createHmac('sha256', standardKey(s)).update(signed).digest()
    const kassaExpected = Buffer.from('sha256=' + createHmac('sha256', s).update(body).digest('hex'), 'utf8')
    // Both evaluated, never short-circuited on the first: the time taken does not tell which failed.
    const standardOk = offered.map((candidate) => safeEqual(candidate, mac)).includes(true)
    const kassaOk = safeEqual(kassaOffered, kassaExpected)
    return standardOk && kassaOk
  })
  if (!matches)
    throw new WebhookVerificationError('invalid_signature', 'The signature does not match this body and secret.')

  let event: unknown
  try {
    event = JSON.parse(body.toString('utf8'))
  } catch {
    throw new WebhookVerificationError('invalid_payload', 'The signed body is not JSON.')
  }
  if (typeof event !== 'object' || event === null || typeof (event as { event?: unknown }).event !== 'string')
    throw new WebhookVerificationError('invalid_payload', 'The signed body has no `event` type.')
  return event as KassaEvent
}
