import type { FastifyInstance, FastifyRequest } from 'fastify'
import { validationError } from '../lib/errors.ts'
import { ErrorBody } from './schemas.ts'

const NUL_MESSAGE = 'Must not contain the NUL character (\\u0000).'
const KEY_MESSAGE = 'This field name is not allowed.'
/** Keys that could reach an object's prototype if some code ever merged the body into another object. */
const FORBIDDEN_KEYS = new Set(['__proto__'])

type Issues = Record<string, string[]>

function add(issues: Issues, field: string, message: string): void {
  const list = (issues[field] ??= [])
  if (!list.includes(message)) list.push(message)
}

/** Walks a parsed value; names every string holding U+0000 and every forbidden key by its dotted path. */
function inspect(value: unknown, path: string, issues: Issues, depth = 0): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) add(issues, path, NUL_MESSAGE)
    return
  }
  if (typeof value !== 'object' || value === null || depth > 32) return
  if (Array.isArray(value)) {
    value.forEach((item, i) => inspect(item, path ? `${path}.${i}` : String(i), issues, depth + 1))
    return
  }
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key
    if (key.includes('\u0000')) add(issues, at, NUL_MESSAGE)
    if (FORBIDDEN_KEYS.has(key) || (key === 'constructor' && isObjectWith(value, key, 'prototype')))
      add(issues, at, KEY_MESSAGE)
    inspect((value as Record<string, unknown>)[key], at, issues, depth + 1)
  }
}

function isObjectWith(holder: object, key: string, inner: string): boolean {
  const value = (holder as Record<string, unknown>)[key]
  return typeof value === 'object' && value !== null && Object.hasOwn(value, inner)
}

/** Every issue in the path params, query string and JSON body of a request. */
export function requestIssues(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): Issues {
  // No prototype: a field named `__proto__` must be an entry like any other.
  const issues: Issues = Object.create(null)
  inspect(request.params, '', issues)
  inspect(request.query, '', issues)
  inspect(request.body, '', issues)
  return issues
}

/**
 * PostgreSQL text cannot hold U+0000 ("invalid byte sequence for encoding UTF8: 0x00"), so a NUL in any
 * path param, query parameter or JSON string is a 400 naming the field, before validation, services or
 * SQL see it. JSON bodies are parsed with `onProtoPoisoning: 'ignore'` (JSON.parse makes `__proto__` a
 * plain own key, never the prototype) so that this hook can refuse such a key by name instead of
 * answering "not valid JSON". Every route documents the 400 this can give; routes with a body also
 * document 413 and 415.
 */
export function installRequestGuards(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const response = route.schema?.response as Record<string, unknown> | undefined
    if (!response) return
    if (!('400' in response)) response['400'] = ErrorBody
    // Any route with a body may meet a body over 256 KB (413) or a Content-Type it does not parse (415).
    if (route.schema?.body) for (const status of ['413', '415']) if (!(status in response)) response[status] = ErrorBody
  })
  app.addHook('preValidation', async (request) => {
    const issues = requestIssues(request)
    const fields = Object.keys(issues)
    if (fields.length === 0) return
    throw validationError(issues, `Invalid request: ${fields.map((f) => `${f}: ${issues[f]?.[0]}`).join('; ')}`)
  })
}
