// Requests generated for one OpenAPI operation: a valid one (path, query, body from the schemas) and
// invalid variants of each part: wrong types, missing required, out of range, over-long, NUL
// characters, unknown fields, `__proto__` keys, broken JSON, bad headers, over-long path ids.
import { pick, type Rng, type Schema, validValue, wrongValues } from './values.ts'

export type Credential = 'api_key' | 'token' | 'none'
export const CREDENTIALS: readonly Credential[] = ['api_key', 'token', 'none']

export interface Operation {
  method: string
  path: string
  op: Schema
}

export interface FuzzCase {
  label: string
  credential: Credential
  method: string
  url: string
  headers: Record<string, string>
  payload?: string
}

interface Parts {
  path: Record<string, string>
  query: Record<string, string>
  headers: Record<string, string>
  body: unknown
  rawBody?: string
  contentType?: string
}

/** The credential an operation documents: ApiKey, Token or none. */
export function credentialOf(op: Schema): Credential {
  const names = (op.security ?? []).flatMap((s: Schema) => Object.keys(s))
  return names.includes('ApiKey') ? 'api_key' : names.includes('Token') ? 'token' : 'none'
}

function toRequest(o: Operation, parts: Parts, label: string, credential: Credential): FuzzCase {
  const segment = (value: string) => (value.startsWith(RAW) ? value.slice(RAW.length) : encodeURIComponent(value))
  let url = o.path.replace(/\{(\w+)\}/g, (_m, name: string) => segment(parts.path[name] ?? 'x'))
  const query = new URLSearchParams(parts.query).toString()
  if (query) url += `?${query}`
  const headers = { ...parts.headers }
  let payload: string | undefined
  if (parts.rawBody !== undefined || parts.body !== undefined) {
    payload = parts.rawBody ?? JSON.stringify(parts.body)
    headers['content-type'] = parts.contentType ?? 'application/json'
  }
  return { label: `${o.method} ${o.path} ${label}`, credential, method: o.method, url, headers, payload }
}

/** A path value sent as is (not percent-encoded), to send broken encodings. */
const RAW = '\u0001raw:'

type Leaf = { at: (string | number)[]; schema: Schema }

/** Every leaf (and every object/array) of a generated body, with the schema that describes it. */
function leaves(schema: Schema, value: unknown, resolve: (s: Schema) => Schema, at: (string | number)[] = []): Leaf[] {
  const s = resolve(schema)
  const alts = (s.anyOf ?? s.oneOf ?? [s]).map(resolve)
  const match =
    alts.find((a: Schema) => (Array.isArray(value) ? a.type === 'array' : a.properties && typeof value === 'object')) ??
    alts[0]
  const out: Leaf[] = at.length ? [{ at, schema: s }] : []
  if (Array.isArray(value) && match?.items)
    value.forEach((v, i) => out.push(...leaves(match.items, v, resolve, [...at, i])))
  else if (value && typeof value === 'object' && match?.properties)
    for (const [k, v] of Object.entries(value))
      if (match.properties[k]) out.push(...leaves(match.properties[k], v, resolve, [...at, k]))
  return out
}

function setAt(body: unknown, at: (string | number)[], value: unknown, remove = false): unknown {
  const copy = structuredClone(body) as any
  let node = copy
  for (const key of at.slice(0, -1)) node = node[key]
  const last = at[at.length - 1] as string
  if (remove) delete node[last]
  else node[last] = value
  return copy
}

/** Objects inside the body with their schema, for "missing required" variants. */
function requiredHoles(schema: Schema, body: unknown, resolve: (s: Schema) => Schema): (string | number)[][] {
  const out: (string | number)[][] = []
  const visit = (s: Schema, value: unknown, at: (string | number)[]) => {
    const r = resolve(s)
    if (r.required && value && typeof value === 'object' && !Array.isArray(value))
      for (const name of r.required) if (name in value) out.push([...at, name])
  }
  visit(schema, body, [])
  for (const leaf of leaves(schema, body, resolve)) {
    let value: any = body
    for (const k of leaf.at) value = value?.[k]
    visit(leaf.schema, value, leaf.at)
  }
  return out
}

/**
 * All requests for one operation. `known` supplies real values (seeded ids) for path parameters;
 * `rng` makes the choice of optional fields and values deterministic.
 */
export function casesFor(
  o: Operation,
  resolve: (s: Schema) => Schema,
  rng: Rng,
  known: Record<string, string>,
): FuzzCase[] {
  const params: Schema[] = (o.op.parameters ?? []).map(resolve)
  const own = credentialOf(o.op)
  const bodySchema = o.op.requestBody?.content?.['application/json']?.schema
  const base: Parts = { path: {}, query: {}, headers: {}, body: undefined }
  for (const p of params) {
    const value = p.in === 'path' && known[p.name] ? known[p.name] : String(validValue(p.schema ?? {}, resolve, rng))
    if (p.in === 'path') base.path[p.name] = value
    else if (p.in === 'query' && (p.required || rng() < 0.5)) base.query[p.name] = value
    else if (p.in === 'header' && p.name === 'idempotency-key' && rng() < 0.5) base.headers[p.name] = `fuzz-${rng()}`
  }
  if (bodySchema) base.body = validValue(bodySchema, resolve, rng)

  const invalid: { label: string; parts: Parts }[] = []
  const variant = (label: string, change: Partial<Parts>) => invalid.push({ label, parts: { ...base, ...change } })

  for (const p of params) {
    const schema = resolve(p.schema ?? {})
    const bucket = p.in === 'path' ? 'path' : p.in === 'query' ? 'query' : p.in === 'header' ? 'headers' : null
    if (!bucket) continue
    const values = wrongValues(schema, resolve)
      .map((w) => ({ label: w.label, value: typeof w.value === 'string' ? w.value : JSON.stringify(w.value) }))
      .concat(
        p.in === 'path'
          ? [
              { label: 'over-long id', value: 'i'.repeat(3000) },
              { label: 'digits', value: '9'.repeat(40) },
              { label: 'raw %00', value: `${RAW}a%00` },
              { label: 'broken percent-encoding', value: `${RAW}%E0%A4%A` },
              { label: 'encoded slash', value: `${RAW}a%2F..%2F..` },
            ]
          : [],
      )
    for (const w of values) {
      if (bucket === 'headers' && (w.value.includes('\u0000') || w.value.length > 8000)) continue
      variant(`${p.in} ${p.name}: ${w.label}`, { [bucket]: { ...base[bucket], [p.name]: w.value } })
    }
  }
  variant('query: unknown parameter with NUL', { query: { ...base.query, zz_unknown: 'a\u0000' } })
  variant('header: empty Idempotency-Key', { headers: { ...base.headers, 'idempotency-key': '' } })
  variant('header: 20 KB header', { headers: { ...base.headers, 'x-fuzz-padding': 'p'.repeat(20_000) } })

  if (bodySchema) {
    for (const leaf of leaves(bodySchema, base.body, resolve))
      for (const w of wrongValues(leaf.schema, resolve))
        variant(`body ${leaf.at.join('.')}: ${w.label}`, { body: setAt(base.body, leaf.at, w.value) })
    for (const hole of requiredHoles(bodySchema, base.body, resolve))
      variant(`body ${hole.join('.')}: missing`, { body: setAt(base.body, hole, undefined, true) })
    const withKey = (key: string, value: unknown) =>
      typeof base.body === 'object' && base.body && !Array.isArray(base.body)
        ? { ...base.body, [key]: value }
        : { [key]: value }
    variant('body: unknown field', { body: withKey('zz_unknown_field', 1) })
    for (const name of ['constructor', 'toString', 'hasOwnProperty'])
      variant(`body: field named ${name}`, { body: withKey(name, 1) })
    variant('body: NUL in a key', { body: withKey('bad\u0000key', 'x') })
    variant('body: __proto__ key', {
      rawBody: JSON.stringify(base.body ?? {})
        .replace(/^\{/, '{"__proto__":{"isAdmin":true},')
        .replace(',}', '}'),
    })
    variant('body: constructor.prototype', { body: withKey('constructor', { prototype: { isAdmin: true } }) })
    variant('body: empty object', { body: {} })
    variant('body: array', { body: [base.body] })
    variant('body: null', { rawBody: 'null' })
    variant('body: broken JSON', { rawBody: '{"a": ' })
    variant('body: empty', { rawBody: '' })
    variant('body: text/plain', { rawBody: 'hello', contentType: 'text/plain' })
    variant('body: over 256 KB', { body: withKey('padding', 'p'.repeat(300_000)) })
  }

  const others = CREDENTIALS.filter((c) => c !== own)
  const cases = CREDENTIALS.map((c) => toRequest(o, base, `valid (${c})`, c))
  invalid.forEach((v, i) => {
    cases.push(toRequest(o, v.parts, v.label, own))
    if (i % 2 !== 0) return
    const other = pick(rng, others)
    cases.push(toRequest(o, v.parts, `${v.label} (${other})`, other))
  })
  // Credentials that are malformed rather than absent.
  for (const authorization of [
    'Api-Key',
    'Api-Key kassa_sk_\u00e9\u00e9',
    'Token ' + 't'.repeat(5000),
    'Bearer x',
    'Basic Og==',
  ])
    cases.push({
      ...toRequest(o, base, `Authorization: ${authorization.slice(0, 20)}`, 'none'),
      headers: { ...toRequest(o, base, '', 'none').headers, authorization },
    })
  return cases
}
