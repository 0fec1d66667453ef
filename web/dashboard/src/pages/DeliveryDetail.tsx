import { useState } from 'react'
import { api } from '../api.ts'
import { dateTime } from '../format.ts'
import { Link } from '../Link.tsx'
import { useAction, useApi } from '../queries.ts'
import type { QueuedDeliveries, WebhookDeliveryDetail } from '../types.ts'
import { Badge, ErrorNote, PageHeader, QueryView } from '../ui.tsx'
import { DELIVERY_REFRESH_MS, WEBHOOKS, deliveryPath } from './WebhookDeliveries.tsx'

type Attempt = WebhookDeliveryDetail['attempts'][number]

/** One delivery: what it carried, where, and every attempt with the request headers and the answer. */
export function DeliveryView({ id, canResend }: { id: string; canResend: boolean }) {
  const delivery = useApi<WebhookDeliveryDetail>(
    `${WEBHOOKS}deliveries/${encodeURIComponent(id)}/`,
    {},
    { refetchInterval: DELIVERY_REFRESH_MS },
  )
  const action = useAction([WEBHOOKS, 'organization/events/'])
  const [resent, setResent] = useState<string | null>(null)
  const resend = (d: WebhookDeliveryDetail) =>
    void action.run(async () => {
      const queued = await api<QueuedDeliveries>('POST', `${WEBHOOKS}resend/`, {
        body: { event_id: d.event_id, endpoint_id: d.endpoint_id },
      })
      setResent(queued.deliveries[0]?.delivery_id ?? null)
    })
  return (
    <>
      <p>
        <Link to="/webhooks">← All webhooks</Link>
      </p>
      <PageHeader title="Webhook delivery">
        {delivery.data && <Badge value={delivery.data.status} />}
        {canResend && delivery.data && (
          <button
            type="button"
            className="button-primary"
            disabled={action.pending}
            onClick={() => resend(delivery.data)}
          >
            {action.pending ? 'Resending…' : 'Resend'}
          </button>
        )}
      </PageHeader>
      <ErrorNote error={action.error} />
      {resent && (
        <p className="success" role="status">
          Resent as a new delivery: <Link to={deliveryPath(resent)}>open it</Link>.
        </p>
      )}
      <QueryView query={delivery}>
        {(d) => (
          <>
            <section className="card" aria-labelledby="delivery-facts">
              <h2 id="delivery-facts">Details</h2>
              <dl className="facts">
                <dt>Event</dt>
                <dd>
                  <span className="mono">{d.event_type}</span> ·{' '}
                  <Link to={`/events/${encodeURIComponent(d.event_id)}`} className="mono">
                    {d.event_id}
                  </Link>
                </dd>
                <dt>Endpoint</dt>
                <dd>
                  <Link to={`/webhooks/${encodeURIComponent(d.endpoint_id)}`} className="mono">
                    {d.endpoint_id}
                  </Link>
                </dd>
                <dt>Delivery id</dt>
                <dd className="mono break">{d.delivery_id}</dd>
                <dt>Kind</dt>
                <dd>{d.kind}</dd>
                <dt>Created</dt>
                <dd>{dateTime(d.created_at)}</dd>
                <dt>{d.status === 'pending' ? 'Next attempt' : 'Completed'}</dt>
                <dd>{dateTime(d.status === 'pending' ? d.next_attempt_at : d.completed_at)}</dd>
              </dl>
            </section>
            <section className="card" aria-labelledby="attempts-title">
              <h2 id="attempts-title">Attempts</h2>
              {d.attempts.length === 0 ? (
                <p className="muted">Not attempted yet: a worker sends it shortly.</p>
              ) : (
                d.attempts.map((a) => <AttemptView key={a.attempt_number} attempt={a} />)
              )}
            </section>
          </>
        )}
      </QueryView>
    </>
  )
}

function AttemptView({ attempt: a }: { attempt: Attempt }) {
  const headingId = `attempt-${a.attempt_number}`
  return (
    <article className="attempt" aria-labelledby={headingId}>
      <h3 id={headingId}>Attempt {a.attempt_number}</h3>
      <dl className="facts">
        <dt>Sent</dt>
        <dd>{dateTime(a.attempted_at)}</dd>
        <dt>Response status</dt>
        <dd>{a.status_code ?? 'No response'}</dd>
        <dt>Duration</dt>
        <dd>{a.duration_ms} ms</dd>
        {a.error && (
          <>
            <dt>Error</dt>
            <dd className="break">{a.error}</dd>
          </>
        )}
      </dl>
      <h4>Request headers</h4>
      {a.request_headers ? (
        <pre className="code-block">
          {Object.entries(a.request_headers)
            .map(([name, value]) => `${name}: ${value}`)
            .join('\n')}
        </pre>
      ) : (
        <p className="muted small">Not recorded (no request was made, or it predates header logging).</p>
      )}
      <h4>Response body</h4>
      {a.response_body ? <pre className="code-block">{a.response_body}</pre> : <p className="muted small">Empty.</p>}
    </article>
  )
}
