// An independent QR Code reader (ISO/IEC 18004, versions 1–10, levels L and M) for tests: it reads an
// SVG back into modules, checks the BCH format word and every block's Reed–Solomon remainder, and
// parses the segments. It shares no code with the encoder (uqr), so a round trip proves a scanner can read it.

type Ecc = 'L' | 'M'
const ECC_PER_BLOCK: Record<Ecc, number[]> = {
  L: [-1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18],
  M: [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26],
}
const BLOCKS: Record<Ecc, number[]> = {
  L: [-1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4],
  M: [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5],
}
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'

function gfMultiply(x: number, y: number): number {
  let z = 0
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d)
    z ^= ((y >>> i) & 1) * x
  }
  return z
}

export function reedSolomonRemainder(data: number[], degree: number): number[] {
  const divisor = new Array<number>(degree).fill(0)
  divisor[degree - 1] = 1
  let root = 1
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      divisor[j] = gfMultiply(divisor[j], root)
      if (j + 1 < degree) divisor[j] ^= divisor[j + 1]
    }
    root = gfMultiply(root, 2)
  }
  const result = new Array<number>(degree).fill(0)
  for (const b of data) {
    const factor = b ^ (result.shift() as number)
    result.push(0)
    divisor.forEach((coef, i) => (result[i] ^= gfMultiply(coef, factor)))
  }
  return result
}

export function formatWord(ecc: Ecc, mask: number): number {
  const data = ((ecc === 'L' ? 1 : 0) << 3) | mask
  let rem = data
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537)
  return ((data << 10) | rem) ^ 0x5412
}

function alignmentPositions(version: number): number[] {
  if (version === 1) return []
  const count = Math.floor(version / 7) + 2
  const step = Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2
  const result = [6]
  for (let pos = version * 4 + 10; result.length < count; pos -= step) result.splice(1, 0, pos)
  return result
}

function functionModules(version: number): boolean[][] {
  const size = version * 4 + 17
  const map = Array.from({ length: size }, () => new Array<boolean>(size).fill(false))
  const mark = (x0: number, y0: number, w: number, h: number) => {
    for (let y = Math.max(0, y0); y < Math.min(size, y0 + h); y++)
      for (let x = Math.max(0, x0); x < Math.min(size, x0 + w); x++) map[y][x] = true
  }
  mark(0, 0, 9, 9) // finder, separator and format information, top left
  mark(size - 8, 0, 8, 9)
  mark(0, size - 8, 9, 8) // includes the dark module
  mark(6, 0, 1, size)
  mark(0, 6, size, 1)
  const positions = alignmentPositions(version)
  const last = positions.length - 1
  positions.forEach((px, i) =>
    positions.forEach((py, j) => {
      if (!((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0))) mark(px - 2, py - 2, 5, 5)
    }),
  )
  if (version >= 7) {
    mark(size - 11, 0, 3, 6)
    mark(0, size - 11, 6, 3)
  }
  return map
}

function maskApplies(mask: number, x: number, y: number): boolean {
  return [
    (x + y) % 2 === 0,
    y % 2 === 0,
    x % 3 === 0,
    (x + y) % 3 === 0,
    (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
    ((x * y) % 2) + ((x * y) % 3) === 0,
    (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
    (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
  ][mask]
}

/** Reads an SVG of unit squares ("M x,y h p v p h -p z") back into rows of modules, border included. */
export function svgModules(svg: string): boolean[][] {
  const viewBox = svg.match(/viewBox="0 0 (\d+) (\d+)"/)
  if (!viewBox || viewBox[1] !== viewBox[2]) throw new Error('not a square SVG')
  const squares = [...svg.matchAll(/M(\d+),(\d+)h(\d+)v\3h-\3z/g)].map((m) => m.slice(1, 4).map(Number))
  const pixel = squares[0]?.[2] ?? 1
  const size = Number(viewBox[1]) / pixel
  const modules = Array.from({ length: size }, () => new Array<boolean>(size).fill(false))
  for (const [x, y] of squares) modules[y / pixel][x / pixel] = true
  return modules
}

export interface DecodedQr {
  text: string
  version: number
  ecc: Ecc
  mask: number
}

/** Decodes a symbol without a quiet zone (modules[y][x], true = dark). Throws on any inconsistency. */
export function decodeQr(modules: boolean[][]): DecodedQr {
  const size = modules.length
  const version = (size - 17) / 4
  if (!Number.isInteger(version) || version < 1 || version > 10) throw new Error(`unsupported size ${size}`)
  const read = (x: number, y: number) => (modules[y][x] ? 1 : 0)
  let format = 0
  const cells: Array<[number, number]> = []
  for (let i = 0; i <= 5; i++) cells.push([8, i])
  cells.push([8, 7], [8, 8], [7, 8])
  for (let i = 9; i < 15; i++) cells.push([14 - i, 8])
  cells.forEach(([x, y], i) => (format |= read(x, y) << i))
  const found = (['L', 'M'] as const)
    .flatMap((ecc) => [0, 1, 2, 3, 4, 5, 6, 7].map((mask) => ({ ecc, mask })))
    .find((c) => formatWord(c.ecc, c.mask) === format)
  if (!found) throw new Error(`format bits ${format.toString(2)} are not a valid BCH code word`)
  const isFunction = functionModules(version)
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
  const numBlocks = BLOCKS[found.ecc][version]
  const eccLen = ECC_PER_BLOCK[found.ecc][version]
  const shortLen = Math.floor(codewords.length / numBlocks)
  const numShort = numBlocks - (codewords.length % numBlocks)
  const dataLen = (j: number) => shortLen - eccLen + (j < numShort ? 0 : 1)
  const blocks: number[][] = Array.from({ length: numBlocks }, () => [])
  let k = 0
  for (let i = 0; i < shortLen - eccLen + 1; i++)
    for (let j = 0; j < numBlocks; j++) if (i < dataLen(j)) blocks[j].push(codewords[k++])
  for (let i = 0; i < eccLen; i++) for (let j = 0; j < numBlocks; j++) blocks[j].push(codewords[k++])
  const data: number[] = []
  blocks.forEach((block, j) => {
    const payload = block.slice(0, dataLen(j))
    const remainder = reedSolomonRemainder(payload, eccLen).join(',')
    if (remainder !== block.slice(dataLen(j)).join(',')) throw new Error(`block ${j} fails its Reed–Solomon check`)
    data.push(...payload)
  })
  return { text: parseSegments(data, version), version, ...found }
}

function parseSegments(data: number[], version: number): string {
  const bits = data.flatMap((b) => [7, 6, 5, 4, 3, 2, 1, 0].map((i) => (b >>> i) & 1))
  let at = 0
  const take = (n: number) => {
    const value = parseInt(bits.slice(at, at + n).join('') || '0', 2)
    at += n
    return value
  }
  const bytes: number[] = []
  const small = version <= 9
  while (at + 4 <= bits.length) {
    const mode = take(4)
    if (mode === 0) break
    if (mode === 0b0100) {
      const length = take(small ? 8 : 16)
      for (let i = 0; i < length; i++) bytes.push(take(8))
    } else if (mode === 0b0010) {
      let length = take(small ? 9 : 11)
      for (; length >= 2; length -= 2) {
        const pair = take(11)
        bytes.push(ALPHANUMERIC.charCodeAt(Math.floor(pair / 45)), ALPHANUMERIC.charCodeAt(pair % 45))
      }
      if (length === 1) bytes.push(ALPHANUMERIC.charCodeAt(take(6)))
    } else if (mode === 0b0001) {
      let length = take(small ? 10 : 12)
      for (; length > 0; length -= 3) {
        const digits = Math.min(3, length)
        bytes.push(...[...String(take([0, 4, 7, 10][digits])).padStart(digits, '0')].map((c) => c.charCodeAt(0)))
      }
    } else throw new Error(`unsupported segment mode ${mode.toString(2)}`)
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes))
}

/** Decodes an SVG with a `border`-module quiet zone; throws when the zone is not blank. */
export function decodeQrSvg(svg: string, border = 4): DecodedQr {
  const all = svgModules(svg)
  const n = all.length
  all.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark && (x < border || y < border || x >= n - border || y >= n - border))
        throw new Error(`dark module in the quiet zone at ${x},${y}`)
    }),
  )
  return decodeQr(all.slice(border, n - border).map((row) => row.slice(border, n - border)))
}
