import { createHmac } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { Secret } from 'otpauth'
import { generateTotpSecret, matchTotp, otpauthUrl, TOTP_DRIFT_STEPS, totpCode } from './totp.ts'

// RFC 6238 appendix B uses the ASCII secret "12345678901234567890" for SHA-1.
const RFC_SECRET = Secret.fromUTF8('12345678901234567890').base32

/** RFC 4226 §5.3 written out, to check the library against the algorithm rather than against itself. */
function referenceHotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const digest = createHmac('sha1', key).update(message).digest()
  const offset = digest[digest.length - 1] & 0x0f
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}

describe('totp', () => {
  test('RFC 6238 appendix B SHA-1 vectors, all eight digits', () => {
    const vectors: Array<[number, string]> = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ]
    for (const [seconds, code] of vectors) {
      expect(totpCode(RFC_SECRET, new Date(seconds * 1000), 8)).toBe(code)
      expect(totpCode(RFC_SECRET, new Date(seconds * 1000))).toBe(code.slice(2))
    }
  })

  test('RFC 4226 appendix D HOTP vectors are the codes of steps 0..9', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ]
    expect(expected.map((_, step) => totpCode(RFC_SECRET, new Date(step * 30_000)))).toEqual(expected)
  })

  test('agrees with the RFC 4226 algorithm for random secrets and times', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 64 }), fc.nat(2 ** 40), (bytes, ms) => {
        const secret = new Secret({ buffer: Uint8Array.from(bytes).buffer }).base32
        expect(totpCode(secret, new Date(ms))).toBe(referenceHotp(Buffer.from(bytes), Math.floor(ms / 30_000)))
      }),
      { numRuns: 200 },
    )
  })

  test('matches within one step of drift either way, not two', () => {
    expect(TOTP_DRIFT_STEPS).toBe(1)
    const now = new Date(1_700_000_000_000)
    const step = Math.floor(now.getTime() / 30_000)
    const at = (offsetMs: number) => totpCode(RFC_SECRET, new Date(now.getTime() + offsetMs))
    expect(matchTotp(RFC_SECRET, at(0), now)).toBe(step)
    expect(matchTotp(RFC_SECRET, at(-30_000), now)).toBe(step - 1)
    expect(matchTotp(RFC_SECRET, at(30_000), now)).toBe(step + 1)
    expect(matchTotp(RFC_SECRET, at(-61_000), now)).toBeNull()
    expect(matchTotp(RFC_SECRET, at(61_000), now)).toBeNull()
  })

  test('refuses malformed codes and secrets instead of throwing', () => {
    const now = new Date(1_700_000_000_000)
    const code = totpCode(RFC_SECRET, now)
    for (const bad of ['abcdef', '12345', '1234567', ` ${code}`, `${code.slice(0, 5)}x`, ''])
      expect(matchTotp(RFC_SECRET, bad, now)).toBeNull()
    expect(matchTotp('not base32!', code, now)).toBeNull()
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    expect(matchTotp(RFC_SECRET, wrong, now)).toBeNull()
  })

  test('new secrets are 160 random bits in base32', () => {
    const a = generateTotpSecret()
    expect(a).toMatch(/^[A-Z2-7]{32}$/)
    expect(Secret.fromBase32(a).bytes).toHaveLength(20)
    expect(generateTotpSecret()).not.toBe(a)
  })

  test('otpauth URL carries issuer, account and parameters', () => {
    const url = new URL(otpauthUrl({ issuer: 'Kassa', account: 'a@b.c', secret: 'JBSWY3DPEHPK3PXP' }))
    expect(url.protocol).toBe('otpauth:')
    expect(url.host + decodeURIComponent(url.pathname)).toBe('totp/Kassa:a@b.c')
    expect(url.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP')
    expect(url.searchParams.get('issuer')).toBe('Kassa')
    expect(url.searchParams.get('algorithm')).toBe('SHA1')
    expect(url.searchParams.get('digits')).toBe('6')
    expect(url.searchParams.get('period')).toBe('30')
  })
})
