import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { useAction } from '../queries.ts'
import { EVENT_TYPES, type WebhookEndpoint } from '../types.ts'
import { ErrorNote } from '../ui.tsx'
import { WEBHOOKS } from './WebhookDeliveries.tsx'

// webhook.test goes wherever its sender points it, whatever the filter: not offered as a choice.
const CHOICES = EVENT_TYPES.filter((t) => t !== 'webhook.test')

/** The endpoint's event filter as checkboxes: none checked means every event type. */
export function EventFilterForm({ endpoint, canEdit }: { endpoint: WebhookEndpoint; canEdit: boolean }) {
  const [types, setTypes] = useState<string[]>(endpoint.event_types)
  const [saved, setSaved] = useState(false)
  const { pending, error, run } = useAction([WEBHOOKS])
  const toggle = (type: string) => {
    setSaved(false)
    setTypes((t) => (t.includes(type) ? t.filter((x) => x !== type) : [...t, type]))
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void run(async () => {
      await api('PATCH', `${WEBHOOKS}${encodeURIComponent(endpoint.id)}/`, { body: { event_types: types } })
      setSaved(true)
    })
  }
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="event-filter-title">
      <h2 id="event-filter-title">Events sent</h2>
      <EventTypeChoices value={types} onToggle={toggle} disabled={!canEdit} keep={endpoint.event_types} />
      <ErrorNote error={error} />
      {saved && (
        <p className="success" role="status">
          {types.length ? `Sends ${types.length} event type${types.length > 1 ? 's' : ''}.` : 'Sends every event type.'}
        </p>
      )}
      {canEdit && (
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={pending}>
            {pending ? 'Saving…' : 'Save event types'}
          </button>
        </div>
      )}
    </form>
  )
}

/**
 * Every known event type as a checkbox (none checked = every type). Types in `keep` that this app
 * does not know (saved earlier) stay listed, so saving never drops them silently.
 */
export function EventTypeChoices({
  value,
  onToggle,
  disabled,
  keep = [],
}: {
  value: string[]
  onToggle: (type: string) => void
  disabled?: boolean
  keep?: string[]
}) {
  const choices = [...CHOICES, ...keep.filter((t) => !(CHOICES as readonly string[]).includes(t))]
  return (
    <fieldset>
      <legend>
        Event types <span className="muted small">(none checked = every event type)</span>
      </legend>
      <div className="event-types">
        {choices.map((type) => (
          <label key={type} className="check">
            <input type="checkbox" checked={value.includes(type)} disabled={disabled} onChange={() => onToggle(type)} />{' '}
            <span className="mono">{type}</span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}
