import { isIPv6 } from 'node:net'
import ipaddr from 'ipaddr.js'

// Classifies an IP address for the SSRF guard. IPv4 is a deny-list of the IANA special-purpose
// registry; IPv6 is an ALLOW-list (only global unicast 2000::/3 is reachable on the internet),
// minus the special blocks inside it, and with embedded IPv4 (mapped, NAT64, 6to4) judged as IPv4.
// Parsing and CIDR matching are ipaddr.js; the rule table (what is refused, and why) is ours.

/** 'public', or the reason the address must not be called. */
export type AddressClass =
  | 'public'
  | 'invalid'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'CGNAT'
  | 'metadata'
  | 'multicast'
  | 'reserved'
  | 'documentation'
  | 'benchmarking'
  | 'IETF protocol assignment'
  | 'NAT64 local-use'
  | 'Teredo'

type Rule = [cidr: string, label: AddressClass]

// Order matters: the first match names the reason (metadata before link-local/CGNAT).
const V4_RULES: Rule[] = [
  ['169.254.169.254/32', 'metadata'], // AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle
  ['169.254.170.2/32', 'metadata'], // AWS ECS task metadata
  ['100.100.100.200/32', 'metadata'], // Alibaba Cloud
  ['192.0.0.192/32', 'metadata'], // Oracle Cloud (legacy)
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'CGNAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignment'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'], // deprecated 6to4 relay anycast
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'], // includes 255.255.255.255
]

// Checked only after the embedded-IPv4 forms; anything outside 2000::/3 that is not listed here is 'reserved'.
const V6_RULES: Rule[] = [
  ['fd00:ec2::254/128', 'metadata'], // AWS IMDS over IPv6
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['64:ff9b:1::/48', 'NAT64 local-use'], // RFC 8215: maps to operator-chosen (often private) space
  ['fc00::/7', 'private'], // unique local
  ['fec0::/10', 'private'], // deprecated site-local
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
  ['2001::/32', 'Teredo'], // tunnels to an obfuscated IPv4 we cannot vet
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
  ['2001::/23', 'IETF protocol assignment'], // benchmarking, ORCHID, AMT…: never a webhook receiver
]

const parseRules = (rules: Rule[]) => rules.map(([cidr, label]) => ({ range: ipaddr.parseCIDR(cidr), label }))
const v4Rules = parseRules(V4_RULES) as Array<{ range: [ipaddr.IPv4, number]; label: AddressClass }>
const v6Rules = parseRules(V6_RULES) as Array<{ range: [ipaddr.IPv6, number]; label: AddressClass }>

const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3')
const MAPPED = ipaddr.IPv6.parseCIDR('::ffff:0:0/96')
const NAT64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96')
const SIX_TO_FOUR = ipaddr.IPv6.parseCIDR('2002::/16')

function classifyV4(ip: ipaddr.IPv4): AddressClass {
  for (const rule of v4Rules) if (ip.match(rule.range)) return rule.label
  return 'public'
}

/** The IPv4 address held in two 16-bit groups of an IPv6 address. */
const v4From = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff])

function classifyV6(ip: ipaddr.IPv6): AddressClass {
  const parts = ip.parts
  // Embedded IPv4 forms reach the IPv4 address they carry, so they inherit its class.
  if (ip.match(MAPPED) || ip.match(NAT64)) return classifyV4(v4From(parts[6], parts[7]))
  if (ip.match(SIX_TO_FOUR)) {
    const embedded = classifyV4(v4From(parts[1], parts[2]))
    if (embedded !== 'public') return embedded
  }
  for (const rule of v6Rules) if (ip.match(rule.range)) return rule.label
  return ip.match(GLOBAL_UNICAST) ? 'public' : 'reserved'
}

/**
 * ipaddr.js reads the deprecated IPv4-compatible "::a.b.c.d" as IPv4-mapped "::ffff:a.b.c.d", and
 * glibc prints IPv4-compatible DNS answers that way: a dotted tail is spelled as two hex groups first.
 */
function parseV6(text: string): ipaddr.IPv6 {
  const address = text.split('%')[0]
  const dotted = address.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/)
  if (!dotted) return ipaddr.IPv6.parse(address)
  const [a, b, c, d] = ipaddr.IPv4.parse(dotted[2]).octets
  return ipaddr.IPv6.parse(`${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`)
}

export function classifyAddress(ip: string): AddressClass {
  // Only the forms getaddrinfo and WHATWG URL produce: ipaddr.parse alone also takes 127.1,
  // 0x7f.0.0.1 and 2130706433 (node:net's isIPv6 is the strict IPv6 syntax check).
  if (ipaddr.IPv4.isValidFourPartDecimal(ip)) return classifyV4(ipaddr.IPv4.parse(ip))
  if (isIPv6(ip)) return classifyV6(parseV6(ip))
  return 'invalid'
}

/** True only for an address on the public internet (false for invalid strings too). */
export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip) === 'public'
}
