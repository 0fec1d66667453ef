// Compares two OpenAPI documents and lists everything the older one promised that the newer one
// no longer does. Additions (paths, methods, statuses, parameters, properties, enum values) are fine.

type Json = unknown

/** Keys that hold names (of paths, statuses, media types, properties): never treated as prose. */
const NAME_MAPS = new Set(['paths', 'responses', 'content', 'properties', 'schemas', 'securitySchemes'])
/** Prose may be reworded without breaking a client. */
const PROSE = new Set(['description', 'summary', 'title', 'example', 'examples'])
/** Arrays where the newer document may add members but must keep every old one. */
const SETS = new Set(['required', 'enum', 'tags', 'security', 'type'])
/** Arrays of alternatives: every old alternative must still be accepted/produced by one new one. */
const ALTERNATIVES = new Set(['anyOf', 'oneOf', 'allOf'])

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function key(v: Json): string {
  return JSON.stringify(v)
}

function parameterKey(p: Json): string {
  return isObject(p) ? `${String(p.in)}:${String(p.name)}` : key(p)
}

function compareValue(base: Json, current: Json, where: string, parentKey: string, out: string[]): void {
  if (Array.isArray(base)) {
    if (!Array.isArray(current)) {
      out.push(`${where}: was an array, now ${key(current)}`)
      return
    }
    if (SETS.has(parentKey)) {
      const present = new Set(current.map(key))
      for (const item of base) if (!present.has(key(item))) out.push(`${where}: lost ${key(item)}`)
      return
    }
    if (parentKey === 'parameters') {
      const byKey = new Map(current.map((p) => [parameterKey(p), p]))
      for (const p of base) {
        const match = byKey.get(parameterKey(p))
        if (match === undefined) out.push(`${where}: lost parameter ${parameterKey(p)}`)
        else compareValue(p, match, `${where}[${parameterKey(p)}]`, '', out)
      }
      return
    }
    if (ALTERNATIVES.has(parentKey)) {
      base.forEach((alternative, i) => {
        const kept = current.some((candidate) => {
          const probe: string[] = []
          compareValue(alternative, candidate, where, '', probe)
          return probe.length === 0
        })
        if (!kept) out.push(`${where}[${i}]: alternative ${key(alternative).slice(0, 200)} no longer present`)
      })
      return
    }
    if (base.length !== current.length) out.push(`${where}: had ${base.length} items, now ${current.length}`)
    base.forEach((item, i) => compareValue(item, current[i], `${where}[${i}]`, '', out))
    return
  }
  if (isObject(base)) {
    if (!isObject(current)) {
      out.push(`${where}: was an object, now ${key(current)}`)
      return
    }
    compareObject(base, current, where, NAME_MAPS.has(parentKey), out)
    return
  }
  if (base !== current) out.push(`${where}: was ${key(base)}, now ${key(current)}`)
}

function compareObject(
  base: Record<string, Json>,
  current: Record<string, Json>,
  where: string,
  keysAreNames: boolean,
  out: string[],
): void {
  for (const [k, value] of Object.entries(base)) {
    if (!keysAreNames && PROSE.has(k)) continue
    const at = `${where}/${k}`
    if (!(k in current)) {
      out.push(`${at}: removed`)
      continue
    }
    compareValue(value, current[k], at, keysAreNames ? '' : k, out)
  }
}

/**
 * Tightenings made on purpose because the baseline was looser than the server ever was; each is a
 * correction of the document, not a removal: no request that the server accepted is refused now.
 * Matched exactly, so any other change of the same kind is still reported.
 */
export const DOCUMENT_CORRECTIONS: Record<string, string> = {
  // PATCH /api/organization/ always answered 400 naming any unknown or read-only field; the baseline
  // said additionalProperties: true. The schema now lists the read-only fields and refuses the rest.
  'paths//api/organization//patch/requestBody/content/application/json/schema/additionalProperties: was true, now false':
    'unknown fields were always refused',
}

/** Everything `baseline` promised that `current` lost; empty when `current` only adds. */
export function openApiBreakingChanges(baseline: Record<string, Json>, current: Record<string, Json>): string[] {
  const out: string[] = []
  for (const section of ['openapi', 'paths', 'components'] as const) {
    if (section in baseline) compareValue(baseline[section], current[section], section, section, out)
  }
  return out.filter((change) => !(change in DOCUMENT_CORRECTIONS))
}
