// Values generated from JSON Schemas (as served in the OpenAPI document): valid ones for a schema,
// and wrong ones (type, range, length, NUL) for each of its leaves. Deterministic for a given seed.

export type Schema = Record<string, any>
export type Rng = () => number

/** mulberry32: a small seeded PRNG, so a failing run is replayed with the same FUZZ_SEED. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T

/** Resolves `$ref`s against the document's components. */
export function resolver(doc: Schema) {
  return function resolve(schema: Schema | undefined): Schema {
    let s = schema ?? {}
    for (let i = 0; s.$ref && i < 10; i++) s = doc.components?.schemas?.[String(s.$ref).split('/').pop() ?? ''] ?? {}
    return s
  }
}

/** The non-null alternatives of a schema (anyOf/oneOf/type arrays), resolved. */
function alternatives(schema: Schema, resolve: (s: Schema) => Schema): Schema[] {
  const s = resolve(schema)
  const list = s.anyOf ?? s.oneOf
  if (list) return list.map(resolve).filter((x: Schema) => x.type !== 'null')
  if (Array.isArray(s.type)) return s.type.filter((t: string) => t !== 'null').map((type: string) => ({ ...s, type }))
  return [s]
}

/** Patterns the document uses, each with a value that matches it. */
const PATTERN_VALUES: Record<string, string> = {
  '^-?\\d+\\.\\d{2}$': '12.34',
  '^@?[A-Za-z0-9_]{3,64}$': '@fuzz_shop',
  '^[1-9][0-9]{0,15}$': '7',
  '^https?://': 'http://127.0.0.1:9/hook',
}

function validString(s: Schema, rng: Rng, counter: { n: number }): string {
  if (s.pattern && PATTERN_VALUES[s.pattern]) return PATTERN_VALUES[s.pattern] as string
  switch (s.format) {
    case 'date-time':
      return new Date(Date.UTC(2026, 0, 1 + Math.floor(rng() * 365))).toISOString()
    case 'email':
      return `fuzz${++counter.n}@example.com`
    case 'uri':
      // A closed local port: a webhook test fails fast, without leaving the machine.
      return 'http://127.0.0.1:9/hook'
    case 'uuid':
      return '00000000-0000-4000-8000-'.concat(String(Math.floor(rng() * 1e12)).padStart(12, '0'))
  }
  const min = s.minLength ?? 1
  const max = s.maxLength ?? 40
  const base = `fuzz ${pick(rng, ['alpha', 'beta', 'gamma', 'Ünïcødé', '日本'])} ${++counter.n}`
  return base.padEnd(min, 'x').slice(0, Math.max(min, Math.min(max, base.length)))
}

function validNumber(s: Schema, rng: Rng, integer: boolean): number {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1)
  const max = Math.min(s.maximum ?? min + 10, min + 10)
  const value = min + Math.floor(rng() * (max - min + 1))
  return integer ? Math.trunc(value) : value
}

/** A value the schema accepts (best effort: patterns outside PATTERN_VALUES may still fail). */
export function validValue(
  schema: Schema,
  resolve: (s: Schema) => Schema,
  rng: Rng,
  counter = { n: 0 },
  depth = 0,
): unknown {
  const s = pick(rng, alternatives(schema, resolve))
  if (s.const !== undefined) return s.const
  if (s.enum) return pick(rng, s.enum)
  if (s.default !== undefined && rng() < 0.2) return s.default
  switch (s.type) {
    case 'string':
      return validString(s, rng, counter)
    case 'integer':
      return validNumber(s, rng, true)
    case 'number':
      return validNumber(s, rng, false)
    case 'boolean':
      return rng() < 0.5
    case 'array': {
      const n = Math.max(s.minItems ?? 1, 1)
      return Array.from({ length: Math.min(n, s.maxItems ?? n) }, () =>
        validValue(s.items ?? {}, resolve, rng, counter, depth + 1),
      )
    }
    default: {
      if (!s.properties || depth > 6) return s.type === 'object' ? {} : 'fuzz'
      const out: Record<string, unknown> = {}
      const required = new Set<string>(s.required ?? [])
      for (const [name, prop] of Object.entries<Schema>(s.properties)) {
        if (resolve(prop).readOnly) continue
        if (required.has(name) || rng() < 0.5) out[name] = validValue(prop, resolve, rng, counter, depth + 1)
      }
      return out
    }
  }
}

/** Wrong values for one leaf: another type, NUL, too long, out of range, not in the enum. */
export function wrongValues(schema: Schema, resolve: (s: Schema) => Schema): { label: string; value: unknown }[] {
  const alts = alternatives(schema, resolve)
  const types = new Set(alts.map((s) => s.type))
  const out: { label: string; value: unknown }[] = []
  if (!types.has('string')) out.push({ label: 'string instead', value: 'not-a-number' })
  if (!types.has('integer') && !types.has('number')) out.push({ label: 'number instead', value: 12345 })
  if (!types.has('object')) out.push({ label: 'object instead', value: { nested: true } })
  if (!types.has('array')) out.push({ label: 'array instead', value: [1, 'two'] })
  for (const s of alts) {
    if (s.type === 'string') {
      out.push({ label: 'NUL', value: 'a\u0000b' }, { label: 'only NUL', value: '\u0000' })
      out.push({ label: 'over-long', value: 'x'.repeat((s.maxLength ?? 10_000) + 1) })
      if (s.enum) out.push({ label: 'not in enum', value: 'ZZZ' })
      if (s.minLength) out.push({ label: 'blank', value: '' })
      if (s.format) out.push({ label: `bad ${s.format}`, value: 'not a valid value \u202e' })
    }
    if (s.type === 'integer' || s.type === 'number') {
      out.push({ label: 'huge', value: 1e300 }, { label: 'beyond int64', value: 9_223_372_036_854_775_808 })
      out.push({ label: 'negative', value: -1 }, { label: 'fraction', value: 1.5 })
      if (s.maximum !== undefined) out.push({ label: 'above maximum', value: s.maximum + 1 })
      if (s.minimum !== undefined) out.push({ label: 'below minimum', value: s.minimum - 1 })
    }
    if (s.type === 'array') out.push({ label: 'empty array', value: [] })
  }
  return out
}
