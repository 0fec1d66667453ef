import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { useEnvironment } from '../environment.tsx'
import { dateTime } from '../format.ts'
import { Link } from '../Link.tsx'
import { useAction, useApi } from '../queries.ts'
import type { EventDetail, QueuedDeliveries, WebhookEndpoint } from '../types.ts'
import { ErrorNote, InlineField, PageHeader, QueryView } from '../ui.tsx'
import { EVENTS } from './Events.tsx'
import { DELIVERY_REFRESH_MS, DeliveryTable, WEBHOOKS } from './WebhookDeliveries.tsx'

/** One event: its payload, where it was delivered, and (for builders) a replay to a chosen endpoint. */
export function EventView({ id, canSend }: { id: string; canSend: boolean }) {
  const { environment } = useEnvironment()
  const event = useApi<EventDetail>(
    `${EVENTS}${encodeURIComponent(id)}/`,
    { environment },
    { refetchInterval: DELIVERY_REFRESH_MS },
  )
  return (
    <>
      <p>
        <Link to="/events">← All events</Link>
      </p>
      <PageHeader title="Event" />
      <QueryView query={event}>
        {(e) => (
          <>
            <section className="card" aria-labelledby="event-facts">
              <h2 id="event-facts">Details</h2>
              <dl className="facts">
                <dt>Id</dt>
                <dd className="mono">{e.id}</dd>
                <dt>Type</dt>
                <dd className="mono">{e.type}</dd>
                <dt>Created</dt>
                <dd>{dateTime(e.created_at)}</dd>
                <dt>Environment</dt>
                <dd>{e.environment}</dd>
                {e.transaction_id && (
                  <>
                    <dt>Transaction</dt>
                    <dd>
                      <Link to={`/payments/${encodeURIComponent(e.transaction_id)}`} className="mono">
                        {e.transaction_id}
                      </Link>
                    </dd>
                  </>
                )}
                {e.subject_id && e.subject_id !== e.transaction_id && (
                  <>
                    <dt>About</dt>
                    <dd className="mono">{e.subject_id}</dd>
                  </>
                )}
              </dl>
              <h3>Payload</h3>
              <pre className="code-block">{JSON.stringify(e.payload, null, 2)}</pre>
            </section>
            <section aria-labelledby="event-deliveries-title">
              <h2 id="event-deliveries-title">Delivered to</h2>
              {e.deliveries.length === 0 ? (
                <p className="muted empty">Not sent to any endpoint.</p>
              ) : (
                <DeliveryTable deliveries={e.deliveries} label="Delivered to" />
              )}
            </section>
            {canSend && <SendToEndpoint eventId={e.id} />}
          </>
        )}
      </QueryView>
    </>
  )
}

/** Replays this one event to an endpoint of the environment (POST …/webhooks/resend/). */
function SendToEndpoint({ eventId }: { eventId: string }) {
  const { environment } = useEnvironment()
  const endpoints = useApi<WebhookEndpoint[]>(WEBHOOKS, { environment })
  const [endpointId, setEndpointId] = useState('')
  const [sent, setSent] = useState(false)
  const { pending, error, run } = useAction([EVENTS, WEBHOOKS])
  const submit = (ev: FormEvent) => {
    ev.preventDefault()
    setSent(false)
    void run(async () => {
      await api<QueuedDeliveries>('POST', `${WEBHOOKS}resend/`, {
        body: { event_id: eventId, endpoint_id: endpointId },
      })
      setSent(true)
    })
  }
  return (
    <section className="card" aria-labelledby="send-event-title">
      <h2 id="send-event-title">Send again</h2>
      <QueryView query={endpoints} empty={<p className="muted">No {environment} webhook endpoint to send it to.</p>}>
        {(list) => (
          <form className="filters" onSubmit={submit}>
            <InlineField label="Endpoint" className="endpoint-pick">
              <select required value={endpointId} onChange={(e) => setEndpointId(e.target.value)}>
                <option value="">Choose…</option>
                {list.map((x) => (
                  <option key={x.id} value={x.id} disabled={!x.enabled}>
                    {x.url}
                    {x.enabled ? '' : ' (disabled)'}
                  </option>
                ))}
              </select>
            </InlineField>
            <button type="submit" className="button-primary" disabled={pending}>
              {pending ? 'Sending…' : 'Send event'}
            </button>
          </form>
        )}
      </QueryView>
      <ErrorNote error={error} />
      {sent && (
        <p className="success" role="status">
          Queued: it appears under "Delivered to".
        </p>
      )}
    </section>
  )
}
