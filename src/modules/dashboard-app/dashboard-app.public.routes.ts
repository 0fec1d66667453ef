import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import { DASHBOARD_SECURITY, installSecurityHeaders } from '../../http/security-headers.ts'
import { DASHBOARD_DIST } from './dashboard-build.ts'

export { DASHBOARD_CSP } from '../../http/security-headers.ts'

const IMMUTABLE = 'public, max-age=31536000, immutable'

/** A file of the build that may be served: inside dist/, not the build stamp, not a compressed copy. */
async function isServable(path: string): Promise<boolean> {
  if (!path || path === 'build-stamp.json' || /\.(br|gz)$/.test(path)) return false
  const full = resolve(DASHBOARD_DIST, path)
  if (!full.startsWith(DASHBOARD_DIST + sep)) return false
  return (await stat(full).catch(() => null))?.isFile() ?? false
}

/**
 * GET /dashboard/… : the merchant dashboard (web/dashboard, built into dist/dashboard by `npm run build`, or
 * by `kassa serve` at start when it runs the sources and they changed, with
 * brotli and gzip copies beside each file, served by @fastify/static by Accept-Encoding). Hashed
 * files under assets/ are cached for a year; any other path is the single-page app's index.html
 * (its router reads the URL), never cached so a new build is picked up at once.
 */
export const dashboardAppRoutes = (): FastifyPluginAsync => async (app) => {
  await installSecurityHeaders(app, DASHBOARD_SECURITY)
  // serve: false: only reply.sendFile; the routes below decide what a path means. dist/ may not exist
  // yet (kassa serve builds it while starting), hence no warning about a missing root.
  await app.register(fastifyStatic, {
    root: DASHBOARD_DIST,
    serve: false,
    preCompressed: true,
    cacheControl: false,
    suppressWarning: true,
  })

  const serve = async (path: string, reply: FastifyReply) => {
    if (!existsSync(join(DASHBOARD_DIST, 'index.html')))
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The dashboard is not built: run `npm run build` (from the sources, `kassa serve` builds it at start).')
    if (path !== 'index.html' && (await isServable(path)))
      return reply.header('cache-control', path.startsWith('assets/') ? IMMUTABLE : 'no-cache').sendFile(path)
    // A missing hashed asset is a 404, not the HTML page (a browser would try to run it as script).
    if (path.startsWith('assets/')) return reply.status(404).type('text/plain; charset=utf-8').send('Not found.')
    return reply.header('cache-control', 'no-cache').sendFile('index.html')
  }

  // The site root is the merchant's door: there is no other page at `/`.
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/dashboard/'))
  // ignoreTrailingSlash routes /dashboard/ here too: only the bare /dashboard is redirected (the app's base is /dashboard/).
  app.get('/dashboard', { schema: { hide: true } }, async (request, reply) =>
    request.url.split('?')[0].endsWith('/') ? serve('', reply) : reply.redirect('/dashboard/'),
  )
  app.get('/dashboard/*', { schema: { hide: true } }, async (request, reply) =>
    serve((request.params as { '*': string })['*'], reply),
  )
}
