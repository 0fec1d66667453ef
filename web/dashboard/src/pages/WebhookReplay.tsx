import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { useAction } from '../queries.ts'
import type { QueuedReplay, WebhookEndpoint } from '../types.ts'
import { ErrorNote, Field } from '../ui.tsx'
import { WEBHOOKS } from './WebhookDeliveries.tsx'

/** "2026-12-01T18:30" in the browser's time zone, as `<input type="datetime-local">` wants it. */
const localInput = (date: Date) =>
  new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)

/**
 * Sends every event of a time range again to this endpoint (after an outage on the receiving side):
 * the events its filter takes, oldest first, each as a new `replay` delivery.
 */
export function ReplayForm({ endpoint }: { endpoint: WebhookEndpoint }) {
  const [from, setFrom] = useState(() => localInput(new Date(Date.now() - 3_600_000)))
  const [to, setTo] = useState('')
  const [queued, setQueued] = useState<number | null>(null)
  const { pending, error, run } = useAction([WEBHOOKS])
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setQueued(null)
    void run(async () => {
      const result = await api<QueuedReplay>('POST', `${WEBHOOKS}${encodeURIComponent(endpoint.id)}/replay/`, {
        body: { from: new Date(from).toISOString(), ...(to ? { to: new Date(to).toISOString() } : {}) },
      })
      setQueued(result.deliveries.length)
    })
  }
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="replay-title">
      <h2 id="replay-title">Replay events</h2>
      <p className="muted small">
        Sends every event of the range that this endpoint receives again, oldest first (the last 30 days, at most 1,000
        events at a time).
      </p>
      <div className="form-row">
        <Field label="From">
          <input type="datetime-local" required value={from} onChange={(e) => setFrom(e.target.value)} />
        </Field>
        <Field label="To" hint="Empty for now.">
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </Field>
      </div>
      <ErrorNote error={error} />
      {queued !== null && (
        <p className="success" role="status">
          {queued === 0
            ? 'No event of that range goes to this endpoint.'
            : `Queued ${queued} deliver${queued === 1 ? 'y' : 'ies'}.`}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending || !endpoint.enabled}>
          {pending ? 'Replaying…' : 'Replay events'}
        </button>
        {!endpoint.enabled && <span className="muted small">Enable the endpoint to replay.</span>}
      </div>
    </form>
  )
}
