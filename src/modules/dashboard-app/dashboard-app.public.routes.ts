import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { gzipSync } from 'node:zlib'
import { readdir, readFile } from 'node:fs/promises'
import { extname, join, relative } from 'node:path'
import { DASHBOARD_DIST } from './dashboard-build.ts'

/** Same rules as the checkout page: only our own files, no inline script or style, never framed. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ')

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

interface Asset {
  type: string
  body: Buffer
  /** Compressed once at load: the 260 kB script is 78 kB gzipped. */
  gzip: Buffer | null
}

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json'])

/** The built app is a few hundred kB: held in memory, read once. */
async function loadDist(): Promise<Map<string, Asset> | null> {
  const files = new Map<string, Asset>()
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) await walk(path)
      else if (TYPES[extname(entry.name)] && entry.name !== 'build-stamp.json') {
        const body = await readFile(path)
        const gzip = COMPRESSIBLE.has(extname(entry.name)) && body.length > 1024 ? gzipSync(body, { level: 9 }) : null
        files.set(relative(DASHBOARD_DIST, path).split('\\').join('/'), {
          type: TYPES[extname(entry.name)],
          body,
          gzip,
        })
      }
    }
  }
  try {
    await walk(DASHBOARD_DIST)
  } catch {
    return null
  }
  return files.has('index.html') ? files : null
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset): FastifyReply {
  reply.type(asset.type)
  if (!asset.gzip) return reply.send(asset.body)
  reply.header('vary', 'accept-encoding')
  return /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))
    ? reply.header('content-encoding', 'gzip').send(asset.gzip)
    : reply.send(asset.body)
}

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', DASHBOARD_CSP)
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
}

/**
 * GET /dashboard/… : the merchant dashboard (web/dashboard, built by `kassa serve` at start).
 * Hashed files under assets/ are cached for a year; any other path is the single-page app's
 * index.html (its router reads the URL), never cached so a new build is picked up at once.
 */
export const dashboardAppRoutes = (): FastifyPluginAsync => async (app) => {
  let files: Map<string, Asset> | null = null

  const serve = async (path: string, request: FastifyRequest, reply: FastifyReply) => {
    files ??= await loadDist()
    if (!files)
      return secure(reply)
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The dashboard is not built yet: `kassa serve` builds it at start.')
    const asset = files.get(path)
    if (asset && path !== 'index.html') {
      const immutable = path.startsWith('assets/')
      return send(
        request,
        secure(reply).header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache'),
        asset,
      )
    }
    // A missing hashed asset is a 404, not the HTML page (a browser would try to run it as script).
    if (path.startsWith('assets/'))
      return secure(reply).status(404).type('text/plain; charset=utf-8').send('Not found.')
    return send(request, secure(reply).header('cache-control', 'no-cache'), files.get('index.html')!)
  }

  // ignoreTrailingSlash routes /dashboard/ here too: only the bare /dashboard is redirected (the app's base is /dashboard/).
  app.get('/dashboard', { schema: { hide: true } }, async (request, reply) =>
    request.url.split('?')[0].endsWith('/') ? serve('', request, reply) : reply.redirect('/dashboard/'),
  )
  app.get('/dashboard/*', { schema: { hide: true } }, async (request, reply) =>
    serve((request.params as { '*': string })['*'], request, reply),
  )
}
