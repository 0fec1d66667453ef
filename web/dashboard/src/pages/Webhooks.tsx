import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { dateTime } from '../format.ts'
import { useEnvironment } from '../environment.tsx'
import type { WebhookDelivery, WebhookEndpoint, WebhookEndpointCreated } from '../types.ts'
import { useAction, useApi } from '../queries.ts'
import { Badge, CopyButton, ErrorNote, Field, PageHeader, QueryView } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'

const BASE = 'organization/webhooks/'

export function Webhooks({ canEdit }: { canEdit: boolean }) {
  const { environment } = useEnvironment()
  const endpoints = useApi<WebhookEndpoint[]>(BASE, { environment })
  const deliveries = useApi<WebhookDelivery[]>(`${BASE}deliveries/`, { environment, limit: 20 })
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null)
  const [creating, setCreating] = useState(false)
  const action = useAction([BASE])
  const act = (request: () => Promise<unknown>) => void action.run(request)

  return (
    <>
      <PageHeader title="Webhooks">
        {canEdit && !creating && (
          <button
            type="button"
            className="button-primary"
            onClick={() => {
              setCreating(true)
              setSecret(null)
            }}
          >
            Add endpoint
          </button>
        )}
      </PageHeader>
      {secret && (
        <section className="card notice" aria-labelledby="whsec-title">
          <h2 id="whsec-title">Signing secret for {secret.url}</h2>
          <p>Verify each delivery's signature with it. It is shown only once.</p>
          <div className="secret">
            <code>{secret.secret}</code>
            <CopyButton value={secret.secret} />
          </div>
          <button type="button" className="button-primary" onClick={() => setSecret(null)}>
            I have saved it
          </button>
        </section>
      )}
      {creating && (
        <CreateEndpointForm
          onCancel={() => setCreating(false)}
          onCreated={(e) => {
            setCreating(false)
            setSecret(e)
          }}
        />
      )}
      <ErrorNote error={action.error} />
      <section aria-labelledby="endpoints-title">
        <h2 id="endpoints-title">Endpoints</h2>
        <QueryView
          query={endpoints}
          empty={<p className="muted">No endpoint yet: add one to receive payment events.</p>}
        >
          {(data) => (
            <div {...scrollRegion('Endpoints')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">URL</th>
                    <th scope="col">Environment</th>
                    <th scope="col">Events</th>
                    <th scope="col">State</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((e) => (
                    <tr key={e.id}>
                      <td className="break">
                        {e.url}
                        {e.description && <div className="muted small">{e.description}</div>}
                      </td>
                      <td>{e.environment}</td>
                      <td className="small">{e.event_types.length ? e.event_types.join(', ') : 'All events'}</td>
                      <td>
                        <Badge value={e.enabled ? 'active' : 'disabled'} />
                        {e.disabled_reason && <div className="muted small">{e.disabled_reason}</div>}
                      </td>
                      <td className="row-actions">
                        {canEdit && (
                          <>
                            <button
                              type="button"
                              className="button-quiet"
                              disabled={action.pending || !e.enabled}
                              onClick={() => act(() => api('POST', `${BASE}${e.id}/test/`))}
                              aria-label={`Send a test event to ${e.url}`}
                            >
                              Test
                            </button>
                            <button
                              type="button"
                              className="button-quiet"
                              disabled={action.pending}
                              onClick={() =>
                                act(() => api('PATCH', `${BASE}${e.id}/`, { body: { enabled: !e.enabled } }))
                              }
                            >
                              {e.enabled ? 'Disable' : 'Enable'}
                            </button>
                            <button
                              type="button"
                              className="button-danger"
                              disabled={action.pending}
                              onClick={() =>
                                confirm(`Delete the endpoint ${e.url}?`) && act(() => api('DELETE', `${BASE}${e.id}/`))
                              }
                              aria-label={`Delete ${e.url}`}
                            >
                              Delete
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
      </section>
      <section aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">Recent deliveries</h2>
        <QueryView query={deliveries} empty={<p className="muted">No delivery yet.</p>}>
          {(data) => (
            <div {...scrollRegion('Recent deliveries')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">Status</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Last answer</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((d) => (
                    <tr key={d.delivery_id}>
                      <td>
                        <span className="mono small">{d.event_type}</span>
                        {d.kind !== 'automatic' && <span className="tag">{d.kind}</span>}
                      </td>
                      <td>
                        <Badge value={d.status} />
                      </td>
                      <td className="num">{d.attempts}</td>
                      <td className="small">{d.last_status_code ?? d.last_error ?? '—'}</td>
                      <td className="small">{dateTime(d.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
      </section>
    </>
  )
}

function CreateEndpointForm({
  onCancel,
  onCreated,
}: {
  onCancel: () => void
  onCreated: (e: { url: string; secret: string }) => void
}) {
  const [url, setUrl] = useState('')
  const [description, setDescription] = useState('')
  const { environment } = useEnvironment()
  const [eventTypes, setEventTypes] = useState('')
  const { pending, error, run } = useAction([BASE])
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const event_types = eventTypes.split(/[\s,]+/).filter(Boolean)
    void run(async () =>
      onCreated(
        await api<WebhookEndpointCreated>('POST', BASE, {
          body: { url: url.trim(), description: description.trim() || null, environment, event_types },
        }),
      ),
    )
  }
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="create-endpoint-title">
      <h2 id="create-endpoint-title">New endpoint</h2>
      <Field label="Endpoint URL" hint="HTTPS URL on your server that receives the events.">
        <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
      </Field>
      <Field label="Description">
        <input maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <p className="muted small">Receives {environment} events.</p>
      <Field label="Event types" hint="Comma-separated, e.g. transaction.status_changed; empty for every event.">
        <input value={eventTypes} onChange={(e) => setEventTypes(e.target.value)} />
      </Field>
      <ErrorNote error={error} />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Adding…' : 'Add endpoint'}
        </button>
        <button type="button" className="button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
