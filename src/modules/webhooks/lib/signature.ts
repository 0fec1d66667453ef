import { createHmac, randomBytes } from 'node:crypto'
import { timingSafeEqualStr } from '../../../lib/crypto.ts'

// Every delivery carries two signatures over the same raw body:
//  - Kassa's documented scheme: `X-Webhook-Signature: sha256=<hex>` — HMAC-SHA256 of the
//    raw body keyed with the secret string exactly as shown to the merchant (`whsec_…` included),
//    which is what the docs' one-line Node snippet does.
//  - Standard Webhooks (standardwebhooks.com): `webhook-signature: v1,<base64>` over
//    `${id}.${timestamp}.${body}`, keyed with the base64-decoded part after `whsec_`. It covers the
//    timestamp, so receivers can refuse replays; the official libraries verify it.

const SECRET_PREFIX = 'whsec_'
const SECRET_BYTES = 24

export const USER_AGENT = 'Kassa-Webhooks/1.0'

/** `whsec_` + base64 of 24 random bytes (Standard Webhooks allows 24–64). */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64')
}

/** `sha256=` + hex HMAC-SHA256(key = secret string as-is, data = raw body). */
export function signKassa(secret: string, rawBody: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')
}

/** The Standard Webhooks key: the bytes the base64 after `whsec_` encodes. */
function standardKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret
  const key = Buffer.from(encoded, 'base64')
  if (key.length === 0) throw new Error('webhook secret has no key material after whsec_')
  return key
}

/** `v1,` + base64 HMAC-SHA256 of `${msgId}.${timestampSec}.${rawBody}` (Standard Webhooks). */
export function signStandard(secret: string, msgId: string, timestampSec: number, rawBody: string): string {
  if (!Number.isSafeInteger(timestampSec)) throw new RangeError('timestampSec must be an integer (Unix seconds)')
  const mac = createHmac('sha256', standardKey(secret))
    .update(`${msgId}.${timestampSec}.${rawBody}`, 'utf8')
    .digest('base64')
  return `v1,${mac}`
}

export interface DeliveryHeaderInput {
  secret: string
  eventType: string
  /** UUID, the same for every automatic retry of one event to one endpoint (receivers dedupe on it). */
  deliveryId: string
  /** Unix seconds of THIS attempt; both signatures are computed fresh per attempt. */
  timestampSec: number
  /** The exact bytes that will be sent as the request body. */
  rawBody: string
}

export function buildDeliveryHeaders(input: DeliveryHeaderInput): Record<string, string> {
  const { secret, eventType, deliveryId, timestampSec, rawBody } = input
  const timestamp = String(timestampSec)
  return {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    'X-Webhook-Event': eventType,
    'X-Webhook-Delivery-Id': deliveryId,
    'X-Webhook-Timestamp': timestamp,
    'X-Webhook-Signature': signKassa(secret, rawBody),
    'webhook-id': deliveryId,
    'webhook-timestamp': timestamp,
    'webhook-signature': signStandard(secret, deliveryId, timestampSec, rawBody),
  }
}

/** Receiver-side check of `X-Webhook-Signature` (used by tests, `kassa listen` and docs examples). */
export function verifyKassaSignature(secret: string, rawBody: string, header: string | undefined): boolean {
  if (header === undefined) return false
  return timingSafeEqualStr(signKassa(secret, rawBody), header.trim())
}
