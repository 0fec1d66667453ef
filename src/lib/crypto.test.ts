import { createDecipheriv, hkdfSync, scryptSync } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decryptSecret,
  encryptSecret,
  hashPassword,
  hmacSha256Hex,
  randomToken,
  sha256Hex,
  timingSafeEqualStr,
  verifyPassword,
} from './crypto.ts'

const KEY = 'test-secret-key-with-enough-entropy-0123456789'

describe('randomToken', () => {
  it('is base64url of the requested number of bytes and never repeats', () => {
    const token = randomToken()
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(token, 'base64url')).toHaveLength(32)
    expect(Buffer.from(randomToken(16), 'base64url')).toHaveLength(16)
    const many = new Set(Array.from({ length: 1000 }, () => randomToken(16)))
    expect(many.size).toBe(1000)
  })

  it('refuses nonsense sizes', () => {
    expect(() => randomToken(0)).toThrow(RangeError)
    expect(() => randomToken(1.5)).toThrow(RangeError)
  })
})

describe('hashes', () => {
  it('match known vectors', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    // RFC 4231 test case 2
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    )
  })
})

describe('timingSafeEqualStr', () => {
  it('agrees with === for any pair of strings, including different lengths', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(timingSafeEqualStr(a, b)).toBe(a === b)
        expect(timingSafeEqualStr(a, a)).toBe(true)
      }),
    )
    expect(timingSafeEqualStr('sha256=abc', 'sha256=abd')).toBe(false)
    expect(timingSafeEqualStr('', 'x')).toBe(false)
  })
})

describe('passwords', () => {
  it('round-trips and stores the documented format', async () => {
    const stored = await hashPassword('correct horse battery staple')
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
    const salt = Buffer.from(stored.split('$')[4], 'base64')
    expect(salt).toHaveLength(16)
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true)
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false)
    expect(await verifyPassword('', stored)).toBe(false)
  })

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')])
    expect(a).not.toBe(b)
  })

  it('treats composed and decomposed Unicode as the same password', async () => {
    const stored = await hashPassword('caf\u00e9')
    expect(await verifyPassword('cafe\u0301', stored)).toBe(true)
  })

  it('returns false, without throwing, for malformed or hostile stored values', async () => {
    const good = await hashPassword('pw')
    const [, , , , salt, hash] = good.split('$')
    for (const stored of [
      '',
      'plaintext',
      `bcrypt$16384$8$1$${salt}$${hash}`,
      `scrypt$16383$8$1$${salt}$${hash}`, // N not a power of two
      `scrypt$${2 ** 24}$8$1$${salt}$${hash}`, // would allocate gigabytes
      `scrypt$16384$8$1$$${hash}`,
      `scrypt$16384$8$1$${salt}$`,
      `scrypt$16384$x$1$${salt}$${hash}`,
    ]) {
      expect(await verifyPassword('pw', stored)).toBe(false)
    }
  })

  it('verifies a hash made with other (stored) parameters', async () => {
    // Proves parameters are read from the stored value, so they can be raised later.
    const salt = Buffer.alloc(16, 7)
    const hash = scryptSync('pw', salt, 32, { N: 1024, r: 4, p: 2 })
    const stored = `scrypt$1024$4$2$${salt.toString('base64')}$${hash.toString('base64')}`
    expect(await verifyPassword('pw', stored)).toBe(true)
    expect(await verifyPassword('pw2', stored)).toBe(false)
  })
})

describe('secret encryption', () => {
  it('round-trips any string and uses a fresh IV every time', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (plaintext) => {
        const a = encryptSecret(plaintext, KEY)
        const b = encryptSecret(plaintext, KEY)
        expect(a).not.toBe(b)
        expect(decryptSecret(a, KEY)).toBe(plaintext)
      }),
      { numRuns: 200 },
    )
  })

  it('uses the documented format and key derivation', () => {
    const secret = 'whsec_abc'
    const out = encryptSecret(secret, KEY)
    expect(out).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/)
    expect(out).not.toContain(secret)
    const [, ivB64, tagB64, ctB64] = out.split(':')
    expect(Buffer.from(ivB64, 'base64')).toHaveLength(12)
    // Decrypt independently, from the spec alone: HKDF-SHA256(SECRET_KEY, salt="", info) → AES-256-GCM.
    const key = Buffer.from(hkdfSync('sha256', KEY, Buffer.alloc(0), 'kassa:secret-encryption:v1', 32))
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivB64, 'base64'))
    decipher.setAuthTag(Buffer.from(tagB64, 'base64'))
    const plain = Buffer.concat([decipher.update(Buffer.from(ctB64, 'base64')), decipher.final()]).toString()
    expect(plain).toBe(secret)
  })

  it('throws under a different SECRET_KEY', () => {
    const out = encryptSecret('whsec_abc', KEY)
    expect(() => decryptSecret(out, KEY + 'x')).toThrow(/authentication failed/)
  })

  it('throws when any byte of IV, tag or ciphertext is altered', () => {
    const out = encryptSecret('whsec_0123456789abcdef', KEY)
    const parts = out.split(':')
    for (const index of [1, 2, 3]) {
      const bytes = Buffer.from(parts[index], 'base64')
      for (let i = 0; i < bytes.length; i++) {
        const tampered = Buffer.from(bytes)
        tampered[i] ^= 0x01
        const copy = [...parts]
        copy[index] = tampered.toString('base64')
        expect(() => decryptSecret(copy.join(':'), KEY)).toThrow()
      }
    }
  })

  it('throws on malformed input and on an empty key', () => {
    const out = encryptSecret('x', KEY)
    expect(() => decryptSecret('x', KEY)).toThrow(/format/)
    expect(() => decryptSecret(out.replace(/^v1/, 'v2'), KEY)).toThrow(/format/)
    expect(() => decryptSecret(out.split(':').slice(0, 3).join(':'), KEY)).toThrow(/format/)
    expect(() => encryptSecret('x', '')).toThrow()
  })
})
