import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { dateTime } from '../format.ts'
import { useAction } from '../queries.ts'
import type { ApiKey, ApiKeyRotated, ApiKeyWithSecret } from '../types.ts'
import { CopyButton, ErrorNote, Field } from '../ui.tsx'

export const API_KEYS = 'organization/api-keys/'
const MAX_OVERLAP_MINUTES = 10_080

/** The raw key exists only in the create/rotate answer: shown once, never fetched again. */
export function SecretNotice({ secret, onDone }: { secret: ApiKeyWithSecret | ApiKeyRotated; onDone: () => void }) {
  const old = 'rotated_from' in secret ? secret.rotated_from : null
  return (
    <section className="card notice" role="region" aria-labelledby="secret-title">
      <h2 id="secret-title">Your new {secret.environment} key</h2>
      <p>Copy it now: it is shown only once and cannot be retrieved later.</p>
      <div className="secret">
        <code data-testid="raw-key">{secret.raw_key}</code>
        <CopyButton value={secret.raw_key} />
      </div>
      {old && (
        <p role="status">
          {old.status === 'active' && old.expires_at ? (
            <>
              The old key <span className="mono">{old.prefix}…</span> keeps working until{' '}
              <strong>{dateTime(old.expires_at)}</strong>: move your integration to the new key before then.
            </>
          ) : (
            <>
              The old key <span className="mono">{old.prefix}…</span> was revoked.
            </>
          )}
        </p>
      )}
      <button type="button" className="button-primary" onClick={onDone}>
        I have saved it
      </button>
    </section>
  )
}

/** Rotation with an overlap window: the new key at once, the old one still accepted for a while. */
export function RotateKeyForm({
  apiKey,
  onCancel,
  onRotated,
}: {
  apiKey: ApiKey
  onCancel: () => void
  onRotated: (key: ApiKeyRotated) => void
}) {
  const [minutes, setMinutes] = useState('60')
  const { pending, error, run } = useAction([API_KEYS])
  const overlap = Number(minutes)
  const valid = minutes.trim() !== '' && Number.isInteger(overlap) && overlap >= 0 && overlap <= MAX_OVERLAP_MINUTES
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!valid) return
    void run(async () =>
      onRotated(
        await api<ApiKeyRotated>('POST', `${API_KEYS}rotate/`, { body: { id: apiKey.id, overlap_minutes: overlap } }),
      ),
    )
  }
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="rotate-key-title">
      <h2 id="rotate-key-title">
        Rotate <span className="mono">{apiKey.prefix}…</span>
      </h2>
      <p className="muted small">
        A new key with the same environment and scopes replaces it. During the overlap both keys work, so you can deploy
        the new one without downtime.
      </p>
      <Field
        label="Overlap (minutes)"
        hint="How long the old key keeps working: 0 revokes it now; at most 7 days (10080)."
      >
        <input
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_OVERLAP_MINUTES}
          step={1}
          required
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          aria-invalid={!valid}
        />
      </Field>
      {!valid && <ErrorNote error={`Overlap: a whole number of minutes from 0 to ${MAX_OVERLAP_MINUTES}.`} />}
      <ErrorNote error={error} />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending || !valid}>
          {pending ? 'Rotating…' : 'Rotate key'}
        </button>
        <button type="button" className="button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
