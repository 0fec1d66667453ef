import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DASHBOARD_DIST, ensureDashboardBuilt } from '../../src/modules/dashboard-app/dashboard-build.ts'
import { loadPageAssets, PAGE_ASSETS_DIST } from '../../src/modules/checkout/page-assets.ts'
import { createTestPlatform, type TestPlatform } from '../support/platform.ts'

// Built files are served by @fastify/static from brotli and gzip copies written next to them at
// build time: the encoding follows Accept-Encoding, identity when nothing (or nothing known) is accepted.

const IMMUTABLE = 'public, max-age=31536000, immutable'

let p: TestPlatform
let dashboardScript: string
beforeAll(async () => {
  await ensureDashboardBuilt()
  p = await createTestPlatform()
  const index = await p.app.inject({ url: '/dashboard/' })
  dashboardScript = index.body.match(/src="(\/dashboard\/assets\/[^"]+\.js)"/)![1]
}, 240_000) // A first Vite build measured 11–36 s on the loaded 2-core machine.
afterAll(() => p?.close())

const get = (url: string, acceptEncoding?: string) =>
  p.app.inject({ url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } })

/** Asks for `url` with each Accept-Encoding and checks which encoding came back and that it decodes to the file. */
async function expectNegotiation(url: string, type: RegExp) {
  const plain = await get(url)
  expect(plain.statusCode).toBe(200)
  expect(plain.headers['content-type']).toMatch(type)
  expect(plain.headers['content-encoding']).toBeUndefined()
  expect(plain.headers.vary).toBe('accept-encoding')
  const body = plain.rawPayload
  expect(body.length).toBeGreaterThan(1024)

  for (const [accept, encoding] of [
    ['br', 'br'],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['gzip;q=1, br;q=0', 'gzip'],
    ['deflate', undefined],
    ['identity', undefined],
    ['br;q=0, gzip;q=0', undefined],
  ] as const) {
    const res = await get(url, accept)
    expect([accept, res.statusCode, res.headers['content-encoding']]).toEqual([accept, 200, encoding])
    expect(res.headers['content-type']).toMatch(type)
    expect(res.headers.vary).toBe('accept-encoding')
    const decoded =
      encoding === 'br'
        ? brotliDecompressSync(res.rawPayload)
        : encoding === 'gzip'
          ? gunzipSync(res.rawPayload)
          : res.rawPayload
    expect(decoded.equals(body), accept).toBe(true)
    if (encoding) expect(res.rawPayload.length).toBeLessThan(body.length / 2)
  }
  return plain
}

describe('the checkout page script and stylesheet', () => {
  test('precompressed copies sit next to the files of the current version', async () => {
    const { version, js } = await loadPageAssets()
    const dir = join(PAGE_ASSETS_DIST, version)
    expect(readFileSync(join(dir, 'checkout.js'), 'utf8')).toBe(js)
    expect(brotliDecompressSync(readFileSync(join(dir, 'checkout.js.br'))).toString()).toBe(js)
    expect(gunzipSync(readFileSync(join(dir, 'checkout.js.gz'))).toString()).toBe(js)
    for (const file of ['checkout.css', 'checkout.css.br', 'checkout.css.gz'])
      expect(existsSync(join(dir, file))).toBe(true)
  })

  test('served br, gzip or identity by Accept-Encoding, cached for a year', async () => {
    for (const [file, type] of [
      ['checkout.js', /javascript/],
      ['checkout.css', /^text\/css/],
    ] as const) {
      const { version } = await loadPageAssets()
      const res = await expectNegotiation(`/checkout/assets/${file}?v=${version}`, type)
      expect(res.headers['cache-control']).toBe(IMMUTABLE)
    }
  })

  test('only the two page assets are served there', async () => {
    expect((await get('/checkout/assets/checkout.js.br')).statusCode).toBe(404)
    expect((await get('/checkout/assets/../package.json')).statusCode).toBe(404)
  })
})

describe('the dashboard build', () => {
  test('every compressible file over 1 kB has a .br and a .gz', () => {
    const index = readFileSync(join(DASHBOARD_DIST, 'index.html'))
    const script = join(DASHBOARD_DIST, dashboardScript.replace('/dashboard/', ''))
    expect(brotliDecompressSync(readFileSync(`${script}.br`)).equals(readFileSync(script))).toBe(true)
    expect(gunzipSync(readFileSync(`${script}.gz`)).equals(readFileSync(script))).toBe(true)
    // A file under the threshold is left alone: compression would not pay for its header.
    if (index.length < 1024) expect(existsSync(join(DASHBOARD_DIST, 'index.html.gz'))).toBe(false)
  })

  test('hashed assets: br, gzip or identity by Accept-Encoding, cached for a year', async () => {
    const res = await expectNegotiation(dashboardScript, /javascript/)
    expect(res.headers['cache-control']).toBe(IMMUTABLE)
  })

  test('index.html and app paths are never cached; the build stamp and compressed copies are not served', async () => {
    const index = await get('/dashboard/', 'br')
    expect(index.statusCode).toBe(200)
    expect(index.headers['cache-control']).toBe('no-cache')
    expect(index.headers['content-type']).toMatch(/^text\/html/)
    const deep = await get('/dashboard/payments/TX1')
    expect(deep.headers['cache-control']).toBe('no-cache')
    for (const url of ['/dashboard/build-stamp.json', `${dashboardScript}.br`]) {
      const res = await get(url)
      expect(res.headers['content-type'], url).toMatch(/^text\/(html|plain)/)
      expect(res.body).not.toContain('built_at')
    }
    expect((await get(`${dashboardScript}.br`)).statusCode).toBe(404)
    expect((await get('/dashboard/assets/missing.js', 'br')).statusCode).toBe(404)
  })
})
