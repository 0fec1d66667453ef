import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** CSPRNG base62 string; rejection sampling keeps every character equally likely. */
export function randomBase62(length: number, alphabet = ALPHABET): string {
  let out = ''
  const limit = 256 - (256 % alphabet.length)
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length]
      if (out.length === length) break
    }
  }
  return out
}

export const newTransactionId = () => `TX${randomBase62(16)}`
export const newRefundId = () => `RF${randomBase62(16)}`
export const newProductId = () => `prod_${randomBase62(16)}`
export const newEventId = () => `evt_${randomBase62(20)}`

/** Checkout/order id in the documented shape `org1-1234567890-abc123`. */
export function newCheckoutId(organizationId: number, now: Date): string {
  return `org${organizationId}-${Math.floor(now.getTime() / 1000)}-${randomBase62(6, '0123456789abcdefghijklmnopqrstuvwxyz')}`
}

/** A path id is either a public id (prefix + base62) or a positive numeric id. */
export function parseLookupId(raw: string, prefix: string): { numeric: number } | { public: string } | null {
  if (/^[1-9]\d{0,15}$/.test(raw)) return { numeric: Number(raw) }
  if (raw.startsWith(prefix) && /^[A-Za-z0-9_]{1,64}$/.test(raw)) return { public: raw }
  return null
}
