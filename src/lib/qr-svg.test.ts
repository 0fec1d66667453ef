import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { encode } from 'uqr'
import { decodeQr, decodeQrSvg, formatWord, reedSolomonRemainder, svgModules } from '../../test/support/qr-decode.ts'
import { qrSvg } from './qr-svg.ts'

const symbolOf = (svg: string) =>
  svgModules(svg)
    .slice(4, -4)
    .map((row) => row.slice(4, -4))

describe('the reader used by these tests', () => {
  test('knows the standard format words and the "HELLO WORLD" 1-M Reed–Solomon example', () => {
    expect(formatWord('M', 0)).toBe(0b101010000010010)
    expect(formatWord('L', 4)).toBe(0b110011000101111)
    const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
    expect(reedSolomonRemainder(data, 10)).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
  })

  test('refuses a damaged symbol', () => {
    const symbol = symbolOf(qrSvg('otpauth://totp/x'))
    symbol[symbol.length - 1][symbol.length - 1] = !symbol[symbol.length - 1][symbol.length - 1]
    expect(() => decodeQr(symbol)).toThrow(/Reed–Solomon/)
  })
})

describe('qrSvg', () => {
  test('a real otpauth URL renders at level M and reads back exactly', () => {
    const url =
      'otpauth://totp/Kassa%3Aowner%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Kassa&algorithm=SHA1&digits=6&period=30'
    const decoded = decodeQrSvg(qrSvg(url))
    expect(decoded).toMatchObject({ text: url, ecc: 'M' })
    expect(decoded.version).toBeGreaterThanOrEqual(7) // exercises version information and several blocks
  })

  test("the SVG holds exactly uqr's dark modules, in one path over a white background", () => {
    const text = 'otpauth://totp/Kassa:a@b.c?secret=JBSWY3DPEHPK3PXP'
    const svg = qrSvg(text)
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1">/)
    expect(svg.match(/<path /g)).toHaveLength(1)
    expect(svg).toContain('<rect fill="white"')
    expect(svgModules(svg)).toEqual(encode(text, { ecc: 'M', border: 4 }).data)
  })

  test('a dark module in the quiet zone is refused by the reader', () => {
    const svg = qrSvg('hi').replace('d="', 'd="M0,0h1v1h-1z')
    expect(() => decodeQrSvg(svg)).toThrow(/quiet zone/)
  })

  test('the quiet zone is four modules: version 1 is 21 + 8 wide', () => {
    expect(qrSvg('hi')).toMatch(/viewBox="0 0 29 29"/)
  })

  test('numeric and alphanumeric segments read back too', () => {
    for (const text of ['0123456789012', 'HELLO WORLD', 'KASSA-2FA 42', 'otpauth://X/0123456789']) {
      expect(decodeQrSvg(qrSvg(text)).text).toBe(text)
    }
  })

  test('round-trips arbitrary text that fits version 10', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(decodeQrSvg(qrSvg(text)).text).toBe(text)
      }),
      { numRuns: 60 },
    )
  })
})
