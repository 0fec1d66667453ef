import { createHmac, timingSafeEqual } from 'node:crypto'
import { WebhookVerificationError } from '../seam.ts'

// Svix webhook signatures as Inflow documents them: HMAC-SHA256 over `{svix-id}.{svix-timestamp}.{raw
// body}`, keyed with the base64-decoded part of the secret after `whsec_`; `svix-signature` lists
// space-separated `v1,<base64>` entries (several during a secret rotation). Timestamps more than five
// minutes away from now are refused, so a captured delivery cannot be replayed later.

export const SVIX_TOLERANCE_SECONDS = 5 * 60

export function svixKey(secret: string): Buffer {
  if (!secret.startsWith('whsec_')) throw new Error('an Svix webhook secret starts with whsec_')
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
  if (key.length < 16) throw new Error('the Svix webhook secret is too short')
  return key
}

export const svixSignature = (key: Buffer, id: string, timestamp: string, rawBody: string) =>
  createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest('base64')

const header = (headers: Record<string, string | string[] | undefined>, name: string): string => {
  const value = headers[name] ?? headers[name.toLowerCase()]
  return (Array.isArray(value) ? value[0] : value) ?? ''
}

/** Verifies one delivery and returns its svix-id; throws WebhookVerificationError, naming why. */
export function verifySvix(
  key: Buffer,
  rawBody: string,
  headers: Record<string, string | string[] | undefined>,
  now: Date,
): string {
  const id = header(headers, 'svix-id')
  const timestamp = header(headers, 'svix-timestamp')
  const signatures = header(headers, 'svix-signature')
  if (!id || !timestamp || !signatures)
    throw new WebhookVerificationError('missing svix-id, svix-timestamp or svix-signature')
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookVerificationError('svix-timestamp is not a Unix time')
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > SVIX_TOLERANCE_SECONDS)
    throw new WebhookVerificationError('svix-timestamp is more than 5 minutes off')
  const expected = Buffer.from(svixSignature(key, id, timestamp, rawBody), 'base64')
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',', 2)
    if (version !== 'v1' || !value) continue
    const given = Buffer.from(value, 'base64')
    if (given.length === expected.length && timingSafeEqual(given, expected)) return id
  }
  throw new WebhookVerificationError('no svix-signature entry matches')
}
