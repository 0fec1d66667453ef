import { useState } from 'react'
import { api } from '../api.ts'
import { dateTime } from '../format.ts'
import { Link } from '../Link.tsx'
import { useAction, useApi, useInvalidate } from '../queries.ts'
import { navigate } from '../router.ts'
import type { QueuedDeliveries, WebhookEndpoint, WebhookEndpointCreated } from '../types.ts'
import { Badge, ErrorNote, PageHeader, QueryView } from '../ui.tsx'
import { EndpointDeliveries, WEBHOOKS } from './WebhookDeliveries.tsx'
import { EventFilterForm } from './WebhookEventFilter.tsx'
import { ReplayForm } from './WebhookReplay.tsx'
import { WebhookSecretNotice } from './WebhookSecret.tsx'

/** One endpoint: its settings, secret rotation, event filter, replay, and its deliveries. */
export function WebhookView({ id, canEdit }: { id: string; canEdit: boolean }) {
  const path = `${WEBHOOKS}${encodeURIComponent(id)}/`
  const endpoint = useApi<WebhookEndpoint>(path)
  const [secret, setSecret] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const action = useAction([WEBHOOKS])
  const deleter = useAction()
  const invalidate = useInvalidate()
  const act = (request: () => Promise<unknown>, done?: string) => {
    setNotice(null)
    void action.run(request).then((r) => r !== undefined && done && setNotice(done))
  }
  const rotate = (e: WebhookEndpoint) => {
    if (!confirm(`Rotate the signing secret of ${e.url}? Deliveries are signed with the new one at once.`)) return
    setNotice(null)
    void action.run(async () => setSecret((await api<WebhookEndpointCreated>('POST', `${path}rotate-secret/`)).secret))
  }
  const remove = (e: WebhookEndpoint) => {
    if (!confirm(`Delete the endpoint ${e.url}? Nothing more is sent to it.`)) return
    // Leave the page before the lists refetch, so this endpoint's own query is not asked again (404).
    void deleter
      .run(() => api('DELETE', path))
      .then((deleted) => {
        if (deleted === undefined) return
        navigate('/webhooks')
        setTimeout(() => void invalidate(WEBHOOKS), 0)
      })
  }

  return (
    <>
      <p>
        <Link to="/webhooks">← All webhooks</Link>
      </p>
      <PageHeader title="Webhook endpoint">
        {endpoint.data && <Badge value={endpoint.data.enabled ? 'active' : 'disabled'} />}
      </PageHeader>
      {secret && endpoint.data && (
        <WebhookSecretNotice url={endpoint.data.url} secret={secret} rotated onDone={() => setSecret(null)} />
      )}
      <ErrorNote error={action.error ?? deleter.error} />
      {notice && (
        <p className="success" role="status">
          {notice}
        </p>
      )}
      <QueryView query={endpoint}>
        {(e) => (
          <>
            <section className="card" aria-labelledby="endpoint-facts">
              <h2 id="endpoint-facts">Endpoint</h2>
              <dl className="facts">
                <dt>URL</dt>
                <dd className="break mono">{e.url}</dd>
                {e.description && (
                  <>
                    <dt>Description</dt>
                    <dd className="break">{e.description}</dd>
                  </>
                )}
                <dt>Environment</dt>
                <dd>{e.environment}</dd>
                <dt>State</dt>
                <dd>
                  {e.enabled ? 'Enabled' : 'Disabled'}
                  {e.disabled_reason && <span className="muted small"> · {e.disabled_reason}</span>}
                </dd>
                <dt>Id</dt>
                <dd className="mono">{e.id}</dd>
                <dt>Created</dt>
                <dd>{dateTime(e.created_at)}</dd>
              </dl>
              {canEdit && (
                <div className="form-actions">
                  <button
                    type="button"
                    className="button-quiet"
                    disabled={action.pending}
                    onClick={() =>
                      act(
                        () => api('PATCH', path, { body: { enabled: !e.enabled } }),
                        e.enabled ? 'Endpoint disabled.' : 'Endpoint enabled.',
                      )
                    }
                  >
                    {e.enabled ? 'Disable' : 'Enable'}
                  </button>
                  <button
                    type="button"
                    className="button-quiet"
                    disabled={action.pending || !e.enabled}
                    onClick={() => act(() => api<QueuedDeliveries>('POST', `${path}test/`), 'Test event queued.')}
                  >
                    Send test event
                  </button>
                  <button type="button" className="button-quiet" disabled={action.pending} onClick={() => rotate(e)}>
                    Rotate secret
                  </button>
                  <button
                    type="button"
                    className="button-danger"
                    disabled={action.pending || deleter.pending}
                    onClick={() => remove(e)}
                  >
                    Delete endpoint
                  </button>
                </div>
              )}
            </section>
            <EventFilterForm endpoint={e} canEdit={canEdit} />
            {canEdit && <ReplayForm endpoint={e} />}
            <EndpointDeliveries endpointId={e.id} />
          </>
        )}
      </QueryView>
    </>
  )
}
