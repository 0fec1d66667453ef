import { Field } from '../ui.tsx'

// A payment link's metadata as key/value rows. Values are text; a value that was not text (set
// through the API) is shown as JSON and sent back unchanged unless the merchant edits it.

export interface MetadataRow {
  key: string
  value: string
  original?: unknown
}

const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))

export const metadataRows = (metadata: Record<string, unknown>): MetadataRow[] =>
  Object.entries(metadata).map(([key, v]) => ({ key, value: shown(v), original: v }))

/** The metadata object, or the problems of each row (by index) when a row has no key or repeats one. */
export function metadataOf(
  rows: MetadataRow[],
): { metadata: Record<string, unknown>; problems: null } | { problems: Record<number, string> } {
  const metadata: Record<string, unknown> = {}
  const problems: Record<number, string> = {}
  rows.forEach((row, i) => {
    const key = row.key.trim()
    if (key === '' && row.value === '') return
    if (key === '') problems[i] = 'Give this value a key.'
    else if (Object.hasOwn(metadata, key)) problems[i] = `The key "${key}" is already used above.`
    else metadata[key] = 'original' in row && row.value === shown(row.original) ? row.original : row.value
  })
  return Object.keys(problems).length ? { problems } : { metadata, problems: null }
}

export function MetadataRows({
  rows,
  onChange,
  problems = {},
  error,
}: {
  rows: MetadataRow[]
  onChange: (rows: MetadataRow[]) => void
  problems?: Record<number, string>
  error?: string
}) {
  const update = (i: number, patch: Partial<MetadataRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  return (
    <fieldset>
      <legend>Metadata</legend>
      <p className="muted small">Kept for you (a campaign, a reference); buyers never see it.</p>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
        <div className="line-row pair" key={i}>
          <Field label={`Key ${i + 1}`} error={problems[i]}>
            <input
              maxLength={100}
              autoComplete="off"
              value={row.key}
              onChange={(e) => update(i, { key: e.target.value })}
            />
          </Field>
          <Field label={`Value ${i + 1}`}>
            <input autoComplete="off" value={row.value} onChange={(e) => update(i, { value: e.target.value })} />
          </Field>
          <button
            type="button"
            className="button-quiet"
            aria-label={`Remove metadata row ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button-quiet" onClick={() => onChange([...rows, { key: '', value: '' }])}>
        Add metadata
      </button>
    </fieldset>
  )
}
