import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { classifyAddress, isPublicAddress } from './ip.ts'

describe('classifyAddress: IPv4', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.255', 'CGNAT'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['192.0.0.8', 'IETF protocol assignment'],
  ])('%s is %s', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected)
    expect(isPublicAddress(ip)).toBe(false)
  })

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.215.14',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '11.0.0.0',
    '223.255.255.255',
    '169.253.255.255',
  ])('%s is public (range edges included)', (ip) => {
    expect(classifyAddress(ip)).toBe('public')
    expect(isPublicAddress(ip)).toBe(true)
  })
})

describe('classifyAddress: IPv6', () => {
  it.each([
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fec0::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['64:ff9b:1::a00:1', 'NAT64 local-use'],
    ['::127.0.0.1', 'reserved'], // deprecated IPv4-compatible form
    ['::1.1.1.1', 'reserved'], // how glibc prints the IPv4-compatible ::101:101: not IPv4-mapped
    ['::101:101', 'reserved'],
    ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'private'], // last unique-local address
    ['fe80::', 'link-local'],
    ['fe80::1%25eth0', 'link-local'],
    ['100::1', 'reserved'], // discard-only
    ['4000::1', 'reserved'], // outside global unicast 2000::/3
  ])('%s is %s', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected)
  })

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:100.64.0.1', 'CGNAT'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::c0a8:101', 'private'],
    ['2002:7f00:1::1', 'loopback'], // 6to4 of 127.0.0.1
    ['2002:a00:1::', 'private'], // 6to4 of 10.0.0.1
    ['::ffff:192.168.0.1', 'private'],
    ['::ffff:c0a8:1', 'private'],
    ['::ffff:fe80:1', 'reserved'], // 254.128.0.1: mapped IPv4 in 240/4
    ['0:0:0:0:0:ffff:127.0.0.1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::0.0.0.0', 'unspecified'],
    ['64:ff9b::100.100.100.200', 'metadata'],
  ])('embedded IPv4 %s is judged as its IPv4 (%s)', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected)
  })

  it.each([
    '2606:4700:4700::1111',
    '2a00:1450:4001:82b::200e',
    '::ffff:1.1.1.1',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('%s is public', (ip) => {
    expect(isPublicAddress(ip)).toBe(true)
  })
})

describe('classifyAddress: garbage', () => {
  it.each([
    '',
    'localhost',
    '127.1',
    '2130706433',
    '0x7f.0.0.1',
    '0177.0.0.1',
    '1.2.3.4.5',
    '::g',
    '[::1]',
    ' 1.1.1.1',
    '::ffff:0x7f.0.0.1',
    '1:2:3:4:5:6:7:8:9',
    'fe80::/10',
  ])('%j is invalid', (ip) => {
    expect(classifyAddress(ip)).toBe('invalid')
    expect(isPublicAddress(ip)).toBe(false)
  })
})

describe('properties', () => {
  const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'))

  it('an IPv4 address and its IPv4-mapped IPv6 form always get the same verdict', () => {
    fc.assert(
      fc.property(v4, (ip) => {
        expect(classifyAddress(`::ffff:${ip}`)).toBe(classifyAddress(ip))
        expect(classifyAddress(`64:ff9b::${ip}`)).toBe(classifyAddress(ip))
      }),
      { numRuns: 2000 },
    )
  })

  it('every address in 10/8, 127/8, 192.168/16 and 169.254/16 is refused', () => {
    fc.assert(
      fc.property(
        fc.constantFrom([10], [127], [192, 168], [169, 254]),
        fc.array(fc.nat(255), { minLength: 3, maxLength: 3 }),
        (prefix, rest) => {
          const ip = [...prefix, ...rest].slice(0, 4).join('.')
          expect(isPublicAddress(ip)).toBe(false)
        },
      ),
    )
  })

  it('IPv6 written in full or compressed gets the same verdict', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }), (groups) => {
        const full = groups.map((g) => g.toString(16).padStart(4, '0')).join(':')
        const compressed = new URL(`http://[${full}]/`).hostname.slice(1, -1)
        expect(classifyAddress(compressed)).toBe(classifyAddress(full))
      }),
      { numRuns: 2000 },
    )
  })
})
