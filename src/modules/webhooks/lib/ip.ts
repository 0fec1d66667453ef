import { isIPv4, isIPv6 } from 'node:net'

// Classifies an IP address for the SSRF guard. IPv4 is a deny-list of the IANA special-purpose
// registry; IPv6 is an ALLOW-list (only global unicast 2000::/3 is reachable on the internet),
// minus the special blocks inside it, and with embedded IPv4 (mapped, NAT64, 6to4) judged as IPv4.

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

type V4Rule = [cidr: string, label: AddressClass]

// Order matters: the first match names the reason (metadata before link-local/CGNAT).
const V4_RULES: V4Rule[] = [
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

type V6Rule = [cidr: string, label: AddressClass]

// Checked only after the embedded-IPv4 forms; anything outside 2000::/3 that is not listed here is 'reserved'.
const V6_RULES: V6Rule[] = [
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

const GLOBAL_UNICAST = parseV6Cidr('2000::/3')
const MAPPED = parseV6Cidr('::ffff:0:0/96')
const NAT64 = parseV6Cidr('64:ff9b::/96')
const SIX_TO_FOUR = parseV6Cidr('2002::/16')

const v4Rules = V4_RULES.map(([cidr, label]) => ({ ...parseV4Cidr(cidr), label }))
const v6Rules = V6_RULES.map(([cidr, label]) => ({ ...parseV6Cidr(cidr), label }))

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0)
}

function parseV4Cidr(cidr: string): { network: number; bits: number } {
  const [ip, bits] = cidr.split('/')
  return { network: v4ToInt(ip), bits: Number(bits) }
}

function inV4(ip: number, rule: { network: number; bits: number }): boolean {
  const size = 2 ** (32 - rule.bits)
  return Math.floor(ip / size) === Math.floor(rule.network / size)
}

/** 128-bit value of a valid IPv6 string (zone id and an embedded dotted IPv4 tail allowed). */
function v6ToBigInt(ip: string): bigint {
  let text = ip.split('%')[0]
  const lastColon = text.lastIndexOf(':')
  const tail = text.slice(lastColon + 1)
  if (tail.includes('.')) {
    const v4 = v4ToInt(tail)
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`
  }
  const [left, right] = text.includes('::') ? text.split('::') : [text, undefined]
  const leftGroups = left ? left.split(':') : []
  const rightGroups = right ? right.split(':') : []
  const missing = 8 - leftGroups.length - rightGroups.length
  const groups = [...leftGroups, ...Array<string>(right === undefined ? 0 : missing).fill('0'), ...rightGroups]
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n)
}

function parseV6Cidr(cidr: string): { network: bigint; bits: number } {
  const [ip, bits] = cidr.split('/')
  return { network: v6ToBigInt(ip), bits: Number(bits) }
}

function inV6(ip: bigint, rule: { network: bigint; bits: number }): boolean {
  const shift = BigInt(128 - rule.bits)
  return ip >> shift === rule.network >> shift
}

function classifyV4(ip: number): AddressClass {
  for (const rule of v4Rules) if (inV4(ip, rule)) return rule.label
  return 'public'
}

function classifyV6(ip: bigint): AddressClass {
  // Embedded IPv4 forms reach the IPv4 address they carry, so they inherit its class.
  if (inV6(ip, MAPPED) || inV6(ip, NAT64)) return classifyV4(Number(ip & 0xffffffffn))
  if (inV6(ip, SIX_TO_FOUR)) {
    const embedded = classifyV4(Number((ip >> 80n) & 0xffffffffn))
    if (embedded !== 'public') return embedded
  }
  for (const rule of v6Rules) if (inV6(ip, rule)) return rule.label
  return inV6(ip, GLOBAL_UNICAST) ? 'public' : 'reserved'
}

export function classifyAddress(ip: string): AddressClass {
  if (isIPv4(ip)) return classifyV4(v4ToInt(ip))
  if (isIPv6(ip)) return classifyV6(v6ToBigInt(ip))
  return 'invalid'
}

/** True only for an address on the public internet (false for invalid strings too). */
export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip) === 'public'
}
