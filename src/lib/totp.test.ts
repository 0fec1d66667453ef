import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUrl, totpCode } from './totp.ts'

// RFC 6238 appendix B uses the ASCII secret "12345678901234567890" for SHA-1 (8 digits shown).
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'))

describe('totp', () => {
  test('RFC 4648 base32 vectors', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI')
    expect(base32Encode(Buffer.from('f'))).toBe('MY')
    expect(base32Decode('mzxw 6ytb oi======')?.toString()).toBe('foobar')
    expect(base32Decode('MZ1')).toBeNull()
  })

  test('base32 round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(base32Decode(base32Encode(Buffer.from(bytes)))).toEqual(Buffer.from(bytes))
      }),
    )
  })

  test('RFC 4226 HOTP vectors', () => {
    const key = Buffer.from('12345678901234567890')
    expect([0, 1, 2, 9].map((c) => hotp(key, c))).toEqual(['755224', '287082', '359152', '520489'])
  })

  test('RFC 6238 SHA-1 vectors (last 6 of the 8 published digits)', () => {
    expect(totpCode(RFC_SECRET, new Date(59_000), 8)).toBe('94287082')
    expect(totpCode(RFC_SECRET, new Date(1111111109_000))).toBe('081804')
    expect(totpCode(RFC_SECRET, new Date(1234567890_000))).toBe('005924')
    expect(totpCode(RFC_SECRET, new Date(20000000000_000))).toBe('353130')
  })

  test('matches within one step of drift, not two', () => {
    const now = new Date(1_700_000_000_000)
    const code = totpCode(RFC_SECRET, new Date(now.getTime() - 30_000))
    expect(matchTotp(RFC_SECRET, code, now)).toBe(Math.floor(now.getTime() / 30_000) - 1)
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, new Date(now.getTime() - 61_000)), now)).toBeNull()
    expect(matchTotp(RFC_SECRET, 'abcdef', now)).toBeNull()
  })

  test('otpauth URL carries issuer, account and parameters', () => {
    const url = new URL(otpauthUrl({ issuer: 'Kassa', account: 'a@b.c', secret: 'JBSWY3DPEHPK3PXP' }))
    expect(url.protocol).toBe('otpauth:')
    expect(url.host + decodeURIComponent(url.pathname)).toBe('totp/Kassa:a@b.c')
    expect(url.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP')
    expect(url.searchParams.get('digits')).toBe('6')
  })
})
