import helmet, { type FastifyHelmetOptions } from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

// Every browser-facing page's security headers, set by @fastify/helmet. Each page plugin installs
// its policy first thing; helmet then applies to every route of that plugin (and nowhere else),
// error and 404 responses included. The JSON API sets none of these.

type Directives = Record<string, string[]>

/** The hosted checkout and payment link pages: no inline script or style, nothing from a third party, never framed. */
const PAGE_DIRECTIVES: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
}

/** The dashboard: the same rules, plus data: images and our own fonts. */
const DASHBOARD_DIRECTIVES: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
}

/** The header value helmet sends for a set of directives. */
const cspHeader = (directives: Directives) =>
  Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join(';')

export const PAGE_CSP = cspHeader(PAGE_DIRECTIVES)
export const DASHBOARD_CSP = cspHeader(DASHBOARD_DIRECTIVES)

function policy(directives: Directives, referrerPolicy: 'no-referrer' | 'same-origin'): FastifyHelmetOptions {
  return {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: referrerPolicy },
    // HSTS is the TLS terminator's to decide: Kassa also serves plain http (local use, behind a proxy).
    strictTransportSecurity: false,
  }
}

/** Buyer pages: the checkout token must never leak in a Referer. */
export const CHECKOUT_PAGE_SECURITY = policy(PAGE_DIRECTIVES, 'no-referrer')
export const DASHBOARD_SECURITY = policy(DASHBOARD_DIRECTIVES, 'same-origin')

/** Registers a page plugin's policy; call it before the plugin's routes. */
export async function installSecurityHeaders(
  app: FastifyInstance<any, any, any, any, any>,
  options: FastifyHelmetOptions,
): Promise<void> {
  await app.register(helmet, options)
}
