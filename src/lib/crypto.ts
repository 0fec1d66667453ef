import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto'

/** URL-safe random token from a CSPRNG (32 bytes → 43 characters). */
export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 1) throw new RangeError('randomToken: bytes must be a positive integer')
  return randomBytes(bytes).toString('base64url')
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

export function hmacSha256Hex(key: string | Buffer, data: string | Buffer): string {
  return createHmac('sha256', key).update(data).digest('hex')
}

/**
 * Constant-time string comparison. Both sides are hashed first so neither the content nor the
 * length of the expected value leaks through timing (timingSafeEqual alone throws on unequal lengths).
 */
export function timingSafeEqualStr(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a, 'utf8').digest()
  const digestB = createHash('sha256').update(b, 'utf8').digest()
  return timingSafeEqual(digestA, digestB)
}

// ---------------------------------------------------------------------------------------------
// Passwords: scrypt, parameters stored with the hash so they can be raised later without a reset.

// 2^17 (128 MiB, ~0.3 s on a server core): OWASP's minimum for scrypt. Hashes made with less are
// upgraded at the user's next sign-in (passwordNeedsRehash).
export const SCRYPT_N = 2 ** 17
const SCRYPT_R = 8
const SCRYPT_P = 1
const SCRYPT_SALT_BYTES = 16
const SCRYPT_KEY_BYTES = 32

function scryptAsync(password: string, salt: Buffer, keylen: number, n: number, r: number, p: number): Promise<Buffer> {
  // Node's default maxmem (32 MiB) is exactly the limit for N=2^15,r=8; give headroom for stored params.
  const maxmem = 256 * n * r * p
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, { N: n, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

/** NFKC so that the same password typed on different keyboards/OSes (composed vs decomposed) matches. */
function normalizePassword(password: string): string {
  return password.normalize('NFKC')
}

/** Returns `scrypt$N$r$p$saltB64$hashB64`. ~0.3 s on a laptop core. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT_SALT_BYTES)
  const hash = await scryptAsync(normalizePassword(password), salt, SCRYPT_KEY_BYTES, SCRYPT_N, SCRYPT_R, SCRYPT_P)
  return ['scrypt', SCRYPT_N, SCRYPT_R, SCRYPT_P, salt.toString('base64'), hash.toString('base64')].join('$')
}

/** True when a stored hash was made with weaker parameters than today's (or is not ours): re-hash it. */
export function passwordNeedsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$')
  return scheme !== 'scrypt' || Number(n) < SCRYPT_N || Number(r) < SCRYPT_R || Number(p) < SCRYPT_P
}

/** False for a wrong password AND for a malformed stored value (never throws on bad input). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, nRaw, rRaw, pRaw, saltB64, hashB64] = parts
  if (![nRaw, rRaw, pRaw].every((v) => /^\d{1,8}$/.test(v))) return false
  const n = Number(nRaw)
  const r = Number(rRaw)
  const p = Number(pRaw)
  // Bounds keep a corrupted or hostile row from making us allocate gigabytes or spin for minutes.
  const nIsPowerOfTwo = n >= 2 && (n & (n - 1)) === 0
  if (!nIsPowerOfTwo || n > 2 ** 20 || r < 1 || r > 32 || p < 1 || p > 16) return false
  const salt = Buffer.from(saltB64, 'base64')
  const expected = Buffer.from(hashB64, 'base64')
  if (salt.length < 8 || expected.length < 16 || expected.length > 128) return false
  const actual = await scryptAsync(normalizePassword(password), salt, expected.length, n, r, p)
  return timingSafeEqual(actual, expected)
}

// ---------------------------------------------------------------------------------------------
// Secrets at rest (webhook secrets, provider credentials): AES-256-GCM under a key derived from
// SECRET_KEY, so a database dump alone does not reveal them.

const ENCRYPTION_INFO = 'kassa:secret-encryption:v1'
const IV_BYTES = 12
const TAG_BYTES = 16
const derivedKeys = new Map<string, Buffer>()

function encryptionKey(secretKey: string): Buffer {
  if (secretKey.length === 0) throw new Error('SECRET_KEY must not be empty')
  let key = derivedKeys.get(secretKey)
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', Buffer.from(secretKey, 'utf8'), Buffer.alloc(0), ENCRYPTION_INFO, 32))
    derivedKeys.set(secretKey, key)
  }
  return key
}

/** Returns `v1:<ivB64>:<tagB64>:<ctB64>` (standard base64). A fresh random IV every call. */
export function encryptSecret(plaintext: string, secretKey: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(secretKey), iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const tag = cipher.getAuthTag()
  return ['v1', iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':')
}

/** Throws if the value is malformed, was encrypted under another key, or was altered. */
export function decryptSecret(ciphertext: string, secretKey: string): string {
  const parts = ciphertext.split(':')
  if (parts.length !== 4 || parts[0] !== 'v1') throw new Error('decryptSecret: unsupported format')
  const iv = Buffer.from(parts[1], 'base64')
  const tag = Buffer.from(parts[2], 'base64')
  const body = Buffer.from(parts[3], 'base64')
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('decryptSecret: unsupported format')
  const decipher = createDecipheriv('aes-256-gcm', encryptionKey(secretKey), iv, { authTagLength: TAG_BYTES })
  decipher.setAuthTag(tag)
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
  } catch {
    throw new Error('decryptSecret: authentication failed (wrong SECRET_KEY or tampered value)')
  }
}
