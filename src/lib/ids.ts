import { randomFillSync } from 'node:crypto'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

// Random bytes are drawn from the CSPRNG 4 KiB at a time and each is used once: one getrandom call and
// one Buffer per request id was a measurable share of a request's CPU (bench/HOT-PATH.md).
const POOL = Buffer.alloc(4096)
let used = POOL.length

function randomByte(): number {
  if (used === POOL.length) {
    randomFillSync(POOL)
    used = 0
  }
  return POOL[used++]!
}

/** CSPRNG base62 string; rejection sampling keeps every character equally likely. */
export function randomBase62(length: number, alphabet = ALPHABET): string {
  let out = ''
  const limit = 256 - (256 % alphabet.length)
  while (out.length < length) {
    const byte = randomByte()
    if (byte < limit) out += alphabet[byte % alphabet.length]
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
