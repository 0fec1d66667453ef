import type { FastifyInstance } from 'fastify'
import { fieldError } from '../lib/errors.ts'

// PostgreSQL text cannot hold U+0000 ("invalid byte sequence for encoding UTF8: 0x00"), so a NUL in
// any string a client sends would reach the database and come back as a 500. Refuse it at the edge
// with a 400 naming the field: query and path at the first hook (before authentication), the JSON
// body once it is parsed.

const NUL = '\u0000'

/** Path of the first string holding a NUL ("products[0].name"), or null. */
export function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}[${i}]`)
      if (found) return found
    }
    return null
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const name = path ? `${path}.${key}` : key
      if (key.includes(NUL)) return name
      const found = findNul(item, name)
      if (found) return found
    }
  }
  return null
}

const refuse = (field: string) => fieldError(field || 'body', 'Must not contain the NUL character (U+0000).')

export function installNulGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const field = findNul(request.params, '') ?? findNul(request.query, '')
    if (field) throw refuse(field)
  })
  app.addHook('preValidation', async (request) => {
    const field = findNul(request.body, '')
    if (field) throw refuse(field)
  })
}
