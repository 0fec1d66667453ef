import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { dateTime } from '../format.ts'
import type { Environment, WebhookDelivery, WebhookEndpoint, WebhookEndpointCreated } from '../types.ts'
import { Badge, ErrorNote, Field, Loading, PageHeader, useAction, useLoad } from '../ui.tsx'

const BASE = 'organization/webhooks/'

export function Webhooks({ canEdit }: { canEdit: boolean }) {
  const endpoints = useLoad(() => api<WebhookEndpoint[]>('GET', BASE), [])
  const deliveries = useLoad(() => api<WebhookDelivery[]>('GET', `${BASE}deliveries/`, { query: { limit: 20 } }), [])
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null)
  const [creating, setCreating] = useState(false)
  const action = useAction()
  const act = (request: () => Promise<unknown>) =>
    void action.run(async () => {
      await request()
      endpoints.reload()
      deliveries.reload()
    })

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
            endpoints.reload()
          }}
        />
      )}
      <ErrorNote message={action.error} />
      <section aria-labelledby="endpoints-title">
        <h2 id="endpoints-title">Endpoints</h2>
        {!endpoints.data ? (
          <Loading error={endpoints.error} />
        ) : endpoints.data.length === 0 ? (
          <p className="muted">No endpoint yet: add one to receive payment events.</p>
        ) : (
          <div className="table-wrap">
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
                {endpoints.data.map((e) => (
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
      </section>
      <section aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">Recent deliveries</h2>
        {!deliveries.data ? (
          <Loading error={deliveries.error} />
        ) : deliveries.data.length === 0 ? (
          <p className="muted">No delivery yet.</p>
        ) : (
          <div className="table-wrap">
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
                {deliveries.data.map((d) => (
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
  const [environment, setEnvironment] = useState<Environment>('sandbox')
  const [eventTypes, setEventTypes] = useState('')
  const { pending, error, run } = useAction()
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
      <Field label="Environment">
        <select value={environment} onChange={(e) => setEnvironment(e.target.value as Environment)}>
          <option value="sandbox">Sandbox</option>
          <option value="production">Production</option>
        </select>
      </Field>
      <Field label="Event types" hint="Comma-separated, e.g. transaction.status_changed; empty for every event.">
        <input value={eventTypes} onChange={(e) => setEventTypes(e.target.value)} />
      </Field>
      <ErrorNote message={error} />
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
