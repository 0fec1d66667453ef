import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { Link } from '../Link.tsx'
import { useEnvironment } from '../environment.tsx'
import type { WebhookDelivery, WebhookEndpoint, WebhookEndpointCreated } from '../types.ts'
import { useAction, useApi } from '../queries.ts'
import { Badge, ErrorNote, Field, PageHeader, QueryView } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'
import { DELIVERY_REFRESH_MS, DeliveryTable } from './WebhookDeliveries.tsx'
import { EventTypeChoices } from './WebhookEventFilter.tsx'
import { WebhookSecretNotice } from './WebhookSecret.tsx'

const BASE = 'organization/webhooks/'

export function Webhooks({ canEdit }: { canEdit: boolean }) {
  const { environment } = useEnvironment()
  const endpoints = useApi<WebhookEndpoint[]>(BASE, { environment })
  const deliveries = useApi<WebhookDelivery[]>(
    `${BASE}deliveries/`,
    { environment, limit: 20 },
    { refetchInterval: DELIVERY_REFRESH_MS },
  )
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
      {secret && <WebhookSecretNotice url={secret.url} secret={secret.secret} onDone={() => setSecret(null)} />}
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
                        <Link to={`/webhooks/${encodeURIComponent(e.id)}`}>{e.url}</Link>
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
          {(data) => <DeliveryTable deliveries={data} />}
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
  const [eventTypes, setEventTypes] = useState<string[]>([])
  const { pending, error, run } = useAction([BASE])
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void run(async () =>
      onCreated(
        await api<WebhookEndpointCreated>('POST', BASE, {
          body: { url: url.trim(), description: description.trim() || null, environment, event_types: eventTypes },
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
      <EventTypeChoices
        value={eventTypes}
        onToggle={(type) => setEventTypes((t) => (t.includes(type) ? t.filter((x) => x !== type) : [...t, type]))}
      />
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
