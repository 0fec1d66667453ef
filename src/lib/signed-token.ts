import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Compact signed tokens `<payload b64url>.<HMAC-SHA256 b64url>` keyed by SECRET_KEY and a purpose,
 * so a token minted for one use (checkout page) can never be replayed as another.
 */
export function signToken(secretKey: string, purpose: string, payload: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `${body}.${mac(secretKey, purpose, body)}`
}

export function verifyToken<T extends Record<string, unknown>>(
  secretKey: string,
  purpose: string,
  token: string,
): T | null {
  if (typeof token !== 'string' || token.length > 2048) return null
  const [body, signature, extra] = token.split('.')
  if (!body || !signature || extra !== undefined) return null
  const expected = Buffer.from(mac(secretKey, purpose, body))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T
  } catch {
    return null
  }
}

function mac(secretKey: string, purpose: string, body: string): string {
  return createHmac('sha256', secretKey).update(`${purpose}:${body}`).digest('base64url')
}
