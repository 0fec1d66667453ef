const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i

/** ISO 8601 date-time or date; without an offset it is read as UTC. Null when it is not one. */
export function parseDateTime(raw: string): Date | null {
  const text = raw.trim()
  if (!DATE_TIME.test(text)) return null
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) && text.length > 10
  const iso = text.length === 10 ? `${text}T00:00:00Z` : hasZone ? text : `${text}Z`
  const date = new Date(iso.replace(' ', 'T'))
  return Number.isNaN(date.getTime()) ? null : date
}
