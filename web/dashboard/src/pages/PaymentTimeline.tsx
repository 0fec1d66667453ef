import { api } from '../api.ts'
import { dateTime, money } from '../format.ts'
import { useAction, useApi } from '../queries.ts'
import type { PaymentDetail, WebhookDelivery } from '../types.ts'
import { Badge, ErrorNote } from '../ui.tsx'

interface Entry {
  at: string
  key: string
  body: React.ReactNode
}

/**
 * Everything that happened to a payment, newest first: creation, status changes, attempts, refunds,
 * and the webhooks sent for its events with their result (Resend sends one again to its endpoint).
 */
export function PaymentTimeline({ payment, canResend }: { payment: PaymentDetail; canResend: boolean }) {
  const deliveries = useApi<WebhookDelivery[]>('organization/webhooks/deliveries/', {
    environment: payment.environment,
    transaction_id: payment.id,
    limit: 100,
  })
  const action = useAction(['organization/webhooks/deliveries/'])
  const entries: Entry[] = [
    { at: payment.created_at, key: 'created', body: <>Checkout created</> },
    ...payment.events.map((e) => ({
      at: e.created_at,
      key: e.id,
      body: (
        <>
          Status {e.status ? <Badge value={e.status} /> : 'changed'} <span className="muted small mono">{e.id}</span>
        </>
      ),
    })),
    ...payment.attempts.map((a) => ({
      at: a.attemptedAt,
      key: `attempt-${a.paymentId}-${a.attemptedAt}`,
      body: (
        <>
          Payment attempt <Badge value={a.status} />
          {a.errorMessage && <span className="muted"> — {a.errorMessage}</span>}
        </>
      ),
    })),
    ...payment.refunds.map((r) => ({
      at: r.created_at,
      key: r.id,
      body: (
        <>
          Refund {money(r.amount, r.currency)} <Badge value={r.status} />{' '}
          <span className="muted small">{r.reason}</span>
        </>
      ),
    })),
    ...(deliveries.data ?? []).map((d) => ({
      at: d.created_at,
      key: d.delivery_id,
      body: (
        <>
          Webhook <span className="mono small">{d.event_type}</span> <Badge value={d.status} />{' '}
          <span className="muted small">
            {d.last_status_code !== null ? `HTTP ${d.last_status_code}` : (d.last_error ?? 'not answered yet')} ·{' '}
            {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'} · {d.kind}
          </span>{' '}
          {canResend && (
            <button
              type="button"
              className="button-quiet"
              disabled={action.pending}
              aria-label={`Resend ${d.event_type} webhook ${d.delivery_id}`}
              onClick={() =>
                void action.run(() =>
                  api('POST', 'organization/webhooks/resend/', {
                    body: { event_id: d.event_id, endpoint_id: d.endpoint_id },
                  }),
                )
              }
            >
              Resend
            </button>
          )}
        </>
      ),
    })),
  ].sort((a, b) => b.at.localeCompare(a.at))
  return (
    <section className="card wide" aria-labelledby="timeline-title">
      <div className="section-header">
        <h2 id="timeline-title">Timeline</h2>
        {canResend && (
          <button
            type="button"
            className="button-quiet"
            disabled={action.pending}
            onClick={() =>
              void action.run(() => api('POST', `payments/${encodeURIComponent(payment.id)}/resend-webhook/`))
            }
          >
            Send the status webhook again
          </button>
        )}
      </div>
      <ErrorNote error={action.error ?? deliveries.error} />
      <ol className="timeline">
        {entries.map((e) => (
          <li key={e.key}>
            <span className="muted small">{dateTime(e.at)}</span> · {e.body}
          </li>
        ))}
      </ol>
    </section>
  )
}
