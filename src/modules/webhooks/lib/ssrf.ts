// Home-made on purpose: vet the DNS answers, then connect only to them; no package pins those into http.request.
import { lookup } from 'node:dns/promises'
import { isIP, type LookupFunction } from 'node:net'
import { classifyAddress } from './ip.ts'

export { classifyAddress, isPublicAddress, type AddressClass } from './ip.ts'

// The SSRF guard runs twice: when an endpoint is configured and again right before every delivery.
// The delivery then connects to exactly the addresses this check approved (pinnedLookup), so a DNS
// answer that changes between check and connect (DNS rebinding) cannot redirect it inward.
// Redirects must not be followed by the caller: a 3xx is a failed attempt.

export type Resolver = (hostname: string) => Promise<string[]>

export interface WebhookUrlCheckOptions {
  /** ALLOW_PRIVATE_WEBHOOK_URLS: local development and tests; only the scheme is checked. */
  allowPrivate: boolean
  /** Injected in tests; defaults to the system resolver (getaddrinfo, all IPv4 + IPv6 answers). */
  resolve?: Resolver
}

/**
 * `addresses` are the vetted IPs to connect to. With allowPrivate they are not resolved and the list
 * is empty: connect normally.
 */
export type WebhookUrlCheck = { ok: true; addresses: string[] } | { ok: false; reason: string }

export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true })
  return answers.map((answer) => answer.address)
}

export async function checkWebhookUrl(url: string, opts: WebhookUrlCheckOptions): Promise<WebhookUrlCheck> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { ok: false, reason: 'not a valid absolute URL' }
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { ok: false, reason: `scheme ${parsed.protocol} is not allowed; use https` }
  }
  if (opts.allowPrivate) return { ok: true, addresses: [] }
  if (parsed.protocol !== 'https:') return { ok: false, reason: 'webhook URLs must use https' }

  // WHATWG URL has already turned 2130706433, 0x7f.1, 0177.0.0.1 … into dotted 127.0.0.1.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1')
  if (isIP(host)) {
    const addressClass = classifyAddress(host)
    if (addressClass !== 'public') return { ok: false, reason: `URL points to a ${addressClass} address (${host})` }
    return { ok: true, addresses: [host] }
  }
  // RFC 6761: always loopback, whatever a resolver says.
  const bareHost = host.replace(/\.$/, '').toLowerCase()
  if (bareHost === 'localhost' || bareHost.endsWith('.localhost')) {
    return { ok: false, reason: `host ${host} is loopback` }
  }

  let addresses: string[]
  try {
    addresses = [...new Set(await (opts.resolve ?? systemResolver)(host))]
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error'
    return { ok: false, reason: `could not resolve host ${host} (${code})` }
  }
  if (addresses.length === 0) return { ok: false, reason: `host ${host} has no addresses` }
  // ANY bad answer refuses the URL: the client may pick any of them.
  for (const address of addresses) {
    const addressClass = classifyAddress(address)
    if (addressClass !== 'public') {
      return { ok: false, reason: `host ${host} resolves to a ${addressClass} address (${address})` }
    }
  }
  return { ok: true, addresses }
}

/**
 * A `lookup` for http(s).request / net.connect that answers only with the given (already vetted)
 * addresses instead of asking DNS again. Handles both callback shapes Node uses (`all: true` when
 * happy-eyeballs autoSelectFamily is on, a single address otherwise) and honours `family`.
 */
export function pinnedLookup(addresses: readonly string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: isIP(address) }))
  if (entries.length === 0 || entries.some((entry) => entry.family === 0)) {
    throw new Error('pinnedLookup needs at least one IP address, and only IP addresses')
  }
  return (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0)
    const matching = family === 0 ? entries : entries.filter((entry) => entry.family === family)
    process.nextTick(() => {
      if (matching.length === 0) {
        const err: NodeJS.ErrnoException = new Error(`no pinned IPv${family} address for ${hostname}`)
        err.code = 'ENOTFOUND'
        callback(err, options.all ? [] : '')
      } else if (options.all) {
        callback(
          null,
          matching.map((entry) => ({ ...entry })),
        )
      } else {
        callback(null, matching[0].address, matching[0].family)
      }
    })
  }
}
