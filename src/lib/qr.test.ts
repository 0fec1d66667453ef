import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import {
  blockLayout,
  dataCodewords,
  encodeQr,
  formatBits,
  functionModuleMap,
  maskApplies,
  qrSvg,
  reedSolomonRemainder,
  versionBits,
  type EccLevel,
  type QrCode,
} from './qr.ts'

/**
 * A minimal decoder: reads the format information back from the matrix, removes the mask, walks the
 * zigzag, de-interleaves the blocks, checks every block's Reed–Solomon remainder and parses byte mode.
 */
function decode(qr: QrCode): { text: string; ecc: EccLevel; mask: number } {
  const { modules, size } = qr
  const version = (size - 17) / 4
  let format = 0
  const read = (x: number, y: number) => (modules[y][x] ? 1 : 0)
  const firstCopy: Array<[number, number]> = []
  for (let i = 0; i <= 5; i++) firstCopy.push([8, i])
  firstCopy.push([8, 7], [8, 8], [7, 8])
  for (let i = 9; i < 15; i++) firstCopy.push([14 - i, 8])
  firstCopy.forEach(([x, y], i) => (format |= read(x, y) << i))
  const candidates = (['L', 'M'] as const).flatMap((ecc) => [0, 1, 2, 3, 4, 5, 6, 7].map((mask) => ({ ecc, mask })))
  const found = candidates.find((c) => formatBits(c.ecc, c.mask) === format)
  if (!found) throw new Error(`format bits ${format.toString(2)} are not a valid BCH code word`)
  const isFunction = functionModuleMap(version)
  const bits: number[] = []
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j
        const y = ((right + 1) & 2) === 0 ? size - 1 - vert : vert
        if (!isFunction[y][x]) bits.push(Number(modules[y][x] !== maskApplies(found.mask, x, y)))
      }
    }
  }
  const codewords: number[] = []
  for (let i = 0; i + 8 <= bits.length; i += 8) codewords.push(parseInt(bits.slice(i, i + 8).join(''), 2))
  const { numBlocks, eccLen, numShortBlocks, shortBlockLen, rawCodewords } = blockLayout(version, found.ecc)
  const blocks: number[][] = Array.from({ length: numBlocks }, () => [])
  let k = 0
  for (let i = 0; i < shortBlockLen + 1; i++) {
    for (let j = 0; j < numBlocks; j++) {
      const len = shortBlockLen + (j < numShortBlocks ? 0 : 1)
      const dataLen = len - eccLen
      // The short blocks have no codeword in the column the long blocks use for their extra data byte.
      if (i === dataLen && j < numShortBlocks) continue
      if (i < len + (j < numShortBlocks ? 1 : 0) && k < rawCodewords) blocks[j].push(codewords[k++])
    }
  }
  const data: number[] = []
  blocks.forEach((block, j) => {
    const dataLen = shortBlockLen + (j < numShortBlocks ? 0 : 1) - eccLen
    const payload = block.slice(0, dataLen)
    expect(reedSolomonRemainder(payload, eccLen)).toEqual(block.slice(dataLen, dataLen + eccLen))
    data.push(...payload)
  })
  const dataBits = data.flatMap((b) => [7, 6, 5, 4, 3, 2, 1, 0].map((i) => (b >>> i) & 1))
  const take = (from: number, n: number) => parseInt(dataBits.slice(from, from + n).join(''), 2)
  expect(take(0, 4)).toBe(0b0100)
  const countBits = version <= 9 ? 8 : 16
  const length = take(4, countBits)
  const bytes = Array.from({ length }, (_, i) => take(4 + countBits + i * 8, 8))
  return { text: new TextDecoder().decode(new Uint8Array(bytes)), ecc: found.ecc, mask: found.mask }
}

describe('qr encoder', () => {
  test('known format and version information words (ISO 18004 annex C/D)', () => {
    expect(formatBits('M', 0)).toBe(0b101010000010010)
    expect(formatBits('L', 0)).toBe(0b111011111000100)
    expect(formatBits('L', 4)).toBe(0b110011000101111)
    expect(versionBits(7)).toBe(0x07c94)
    expect(versionBits(10)).toBe(0x0a4d3)
  })

  test('Reed–Solomon: the "HELLO WORLD" 1-M example', () => {
    const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
    expect(reedSolomonRemainder(data, 10)).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
  })

  test('capacities match the standard table', () => {
    expect([1, 2, 5, 7, 10].map((v) => dataCodewords(v, 'M'))).toEqual([16, 28, 86, 124, 216])
    expect(dataCodewords(10, 'L')).toBe(274)
  })

  test('finder and timing patterns sit where scanners look for them', () => {
    const qr = encodeQr('hello')
    const n = qr.size
    for (const [x0, y0] of [
      [0, 0],
      [n - 7, 0],
      [0, n - 7],
    ]) {
      expect(qr.modules[y0][x0 + 3]).toBe(true)
      expect(qr.modules[y0 + 1][x0 + 1]).toBe(false)
      expect(qr.modules[y0 + 3][x0 + 3]).toBe(true)
    }
    for (let i = 8; i < n - 8; i++) expect(qr.modules[6][i]).toBe(i % 2 === 0)
  })

  test('a real otpauth URL encodes and decodes back exactly', () => {
    const url =
      'otpauth://totp/Kassa%3Aowner%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Kassa&algorithm=SHA1&digits=6&period=30'
    const qr = encodeQr(url)
    expect(qr.ecc).toBe('M')
    expect(qr.version).toBeGreaterThanOrEqual(7) // exercises version information and several blocks
    expect(decode(qr).text).toBe(url)
  })

  test('round-trips arbitrary text of every length that fits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 260 }), (text) => {
        if (new TextEncoder().encode(text).length > 270) return
        expect(decode(encodeQr(text)).text).toBe(text)
      }),
      { numRuns: 60 },
    )
  })

  test('too long for version 10 is refused', () => {
    expect(() => encodeQr('x'.repeat(300))).toThrow(RangeError)
  })

  test('svg has a quiet zone and one path', () => {
    const svg = qrSvg('hi')
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 29 29"/)
    expect(svg.match(/<path /g)).toHaveLength(1)
  })
})
