import { createServer, request, type Server } from 'node:http'
import type { AddressInfo, LookupFunction } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkWebhookUrl, pinnedLookup, type Resolver } from './ssrf.ts'

/** A fake DNS: known names answer from the table, anything else is NXDOMAIN. */
function fakeDns(table: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = []
  const resolve = async (hostname: string) => {
    calls.push(hostname)
    const answer = table[hostname]
    if (!answer) throw Object.assign(new Error(`queryA ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    return answer
  }
  return Object.assign(resolve, { calls })
}

const dns = fakeDns({
  'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'localtest.me': ['127.0.0.1'],
  'evil.example': ['93.184.215.14', '127.0.0.1'], // one good answer does not excuse a bad one
  'v6only-loop.example': ['::1'],
  'mapped.example': ['::ffff:127.0.0.1'],
  'nat64.example': ['64:ff9b::a9fe:a9fe'],
  'metadata.example': ['169.254.169.254'],
  'aws6.example': ['fd00:ec2::254'],
  'intranet.example': ['10.0.0.5'],
  'cgnat.example': ['100.64.1.1'],
  'linklocal6.example': ['fe80::1%eth0'],
  'mapped-private.example': ['::ffff:10.0.0.1'],
  'mapped-hex.example': ['::ffff:a9fe:a9fe'],
  'nat64-private.example': ['64:ff9b::192.168.1.1'],
  'nat64-local.example': ['64:ff9b:1::a00:1'],
  'ula.example': ['fd12:3456:789a::1'],
  'compat.example': ['::1.1.1.1'], // IPv4-compatible (deprecated), as glibc prints ::101:101
  'sixtofour.example': ['2002:a9fe:a9fe::1'],
  'mixed-v6.example': ['2606:4700:4700::1111', 'fd00::1'],
  'empty.example': [],
})

const strict = { allowPrivate: false, resolve: dns }

describe('checkWebhookUrl with allowPrivate=false (production)', () => {
  it('accepts an https URL whose every address is public, and returns them for pinning', async () => {
    const result = await checkWebhookUrl('https://hooks.example.com/kassa?x=1', strict)
    expect(result).toEqual({ ok: true, addresses: ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] })
  })

  it('accepts public literal IPs without asking DNS', async () => {
    const before = dns.calls.length
    expect(await checkWebhookUrl('https://1.1.1.1/hook', strict)).toEqual({ ok: true, addresses: ['1.1.1.1'] })
    expect(await checkWebhookUrl('https://[2606:4700:4700::1111]:8443/', strict)).toEqual({
      ok: true,
      addresses: ['2606:4700:4700::1111'],
    })
    expect(dns.calls.length).toBe(before)
  })

  it('refuses http, other schemes and garbage', async () => {
    for (const url of [
      'http://hooks.example.com/',
      'ftp://hooks.example.com/',
      'file:///etc/passwd',
      'gopher://x/',
      'not a url',
      '',
    ]) {
      const result = await checkWebhookUrl(url, strict)
      expect(result.ok, url).toBe(false)
    }
    expect(await checkWebhookUrl('http://hooks.example.com/', strict)).toEqual({
      ok: false,
      reason: 'webhook URLs must use https',
    })
  })

  it.each([
    ['https://127.0.0.1/', /loopback/],
    ['https://127.0.0.1:8443/hook', /loopback/],
    ['https://2130706433/', /loopback/], // decimal
    ['https://0x7f000001/', /loopback/], // hex
    ['https://0177.0.0.1/', /loopback/], // octal
    ['https://127.1/', /loopback/], // short form
    ['https://１２７.０.０.１/', /loopback/], // full-width digits
    ['https://0/', /unspecified/],
    ['https://10.1.2.3/', /private/],
    ['https://172.16.5.4/', /private/],
    ['https://192.168.0.1/', /private/],
    ['https://169.254.169.254/latest/meta-data/', /metadata/],
    ['https://100.64.0.1/', /CGNAT/],
    ['https://224.0.0.1/', /multicast/],
    ['https://[::1]/', /loopback/],
    ['https://[::]/', /unspecified/],
    ['https://[::ffff:127.0.0.1]/', /loopback/],
    ['https://[::ffff:a9fe:a9fe]/', /metadata/],
    ['https://[64:ff9b::7f00:1]/', /loopback/],
    ['https://[fd00:ec2::254]/', /metadata/],
    ['https://[fe80::1]/', /link-local/],
    ['https://[fc00::1]/', /private/],
    ['https://[fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/', /private/],
    ['https://[::ffff:10.0.0.1]/', /private/],
    ['https://[::ffff:192.168.1.1]/', /private/],
    ['https://[64:ff9b::169.254.169.254]/', /metadata/],
    ['https://[64:ff9b::10.1.2.3]/', /private/],
    ['https://[64:ff9b:1::1]/', /NAT64 local-use/],
    ['https://[febf::1]/', /link-local/],
    ['https://[::127.0.0.1]/', /reserved/],
    ['https://[2002:7f00:1::]/', /loopback/],
  ])('refuses literal %s', async (url, reason) => {
    const result = await checkWebhookUrl(url, strict)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(reason)
  })

  it.each([
    ['https://localtest.me/', /resolves to a loopback address \(127\.0\.0\.1\)/],
    ['https://evil.example/', /loopback address \(127\.0\.0\.1\)/],
    ['https://v6only-loop.example/', /loopback address \(::1\)/],
    ['https://mapped.example/', /loopback/],
    ['https://nat64.example/', /metadata/],
    ['https://metadata.example/', /metadata/],
    ['https://aws6.example/', /metadata/],
    ['https://intranet.example/', /private/],
    ['https://cgnat.example/', /CGNAT/],
    ['https://linklocal6.example/', /link-local/],
    ['https://mapped-private.example/', /private address \(::ffff:10\.0\.0\.1\)/],
    ['https://mapped-hex.example/', /metadata/],
    ['https://nat64-private.example/', /private/],
    ['https://nat64-local.example/', /NAT64 local-use/],
    ['https://ula.example/', /private address \(fd12:3456:789a::1\)/],
    ['https://compat.example/', /reserved address \(::1\.1\.1\.1\)/],
    ['https://sixtofour.example/', /metadata/],
    ['https://mixed-v6.example/', /private address \(fd00::1\)/],
    ['https://empty.example/', /no addresses/],
    ['https://does-not-exist.example/', /could not resolve host does-not-exist\.example \(ENOTFOUND\)/],
  ])('refuses %s by what its name resolves to', async (url, reason) => {
    const result = await checkWebhookUrl(url, strict)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(reason)
  })

  it('refuses localhost names without trusting the resolver', async () => {
    const lyingDns = fakeDns({ localhost: ['93.184.215.14'], 'app.localhost': ['93.184.215.14'] })
    for (const url of ['https://localhost/', 'https://LOCALHOST./', 'https://app.localhost:3000/']) {
      expect((await checkWebhookUrl(url, { allowPrivate: false, resolve: lyingDns })).ok, url).toBe(false)
    }
    expect(lyingDns.calls).toEqual([])
  })

  it('uses the system resolver by default (literal IP: no network needed)', async () => {
    expect(await checkWebhookUrl('https://127.0.0.1/', { allowPrivate: false })).toMatchObject({ ok: false })
    // "localhost" is refused before any lookup, so this too runs offline.
    expect(await checkWebhookUrl('https://localhost/', { allowPrivate: false })).toMatchObject({ ok: false })
  })
})

describe('checkWebhookUrl with allowPrivate=true (development, tests)', () => {
  it('accepts http and https to anything, without resolving', async () => {
    const dnsSpy = fakeDns({})
    for (const url of [
      'http://localhost:4242/hooks',
      'http://127.0.0.1/',
      'https://10.0.0.1/',
      'http://[::1]:3000/x',
    ]) {
      expect(await checkWebhookUrl(url, { allowPrivate: true, resolve: dnsSpy })).toEqual({ ok: true, addresses: [] })
    }
    expect(dnsSpy.calls).toEqual([])
  })

  it('still refuses other schemes', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://localhost/', 'javascript:alert(1)', 'nope']) {
      expect((await checkWebhookUrl(url, { allowPrivate: true })).ok, url).toBe(false)
    }
  })
})

function callLookup(lookup: LookupFunction, options: Parameters<LookupFunction>[1]) {
  return new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) => {
    lookup('hooks.example.com', options, (err, address, family) => resolve({ err, address, family }))
  })
}

describe('pinnedLookup', () => {
  const lookup = pinnedLookup(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'])

  it('answers with the pinned addresses in both callback shapes', async () => {
    expect(await callLookup(lookup, {})).toEqual({ err: null, address: '93.184.215.14', family: 4 })
    expect(await callLookup(lookup, { all: true })).toEqual({
      err: null,
      address: [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      ],
      family: undefined,
    })
  })

  it('honours the requested family, and fails like DNS when none is pinned for it', async () => {
    expect(await callLookup(lookup, { family: 6 })).toMatchObject({
      address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c',
      family: 6,
    })
    expect(await callLookup(lookup, { family: 'IPv4', all: true })).toMatchObject({
      address: [{ address: '93.184.215.14' }],
    })
    const v4only = await callLookup(pinnedLookup(['93.184.215.14']), { family: 6 })
    expect(v4only.err?.code).toBe('ENOTFOUND')
  })

  it('refuses to pin nothing or a hostname', () => {
    expect(() => pinnedLookup([])).toThrow()
    expect(() => pinnedLookup(['example.com'])).toThrow()
  })

  describe('as the lookup of a real http.request', () => {
    let server: Server
    let port: number
    beforeAll(async () => {
      server = createServer((req, res) => res.end(`host=${req.headers.host}`))
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      port = (server.address() as AddressInfo).port
    })
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

    it('connects to the pinned address, never asking DNS for the name, and keeps the Host header', async () => {
      // .invalid never resolves (RFC 2606): reaching the server proves the pinned address was used.
      const body = await new Promise<string>((resolve, reject) => {
        const req = request(
          { host: 'receiver.invalid', port, path: '/', lookup: pinnedLookup(['127.0.0.1']) },
          (res) => {
            let text = ''
            res.on('data', (chunk) => (text += chunk))
            res.on('end', () => resolve(text))
          },
        )
        req.on('error', reject)
        req.end()
      })
      expect(body).toBe(`host=receiver.invalid:${port}`)
    })
  })
})
