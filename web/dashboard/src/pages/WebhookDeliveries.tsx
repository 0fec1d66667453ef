import { useState } from 'react'
import { dateTime } from '../format.ts'
import { Link } from '../Link.tsx'
import { useApi } from '../queries.ts'
import type { WebhookDelivery } from '../types.ts'
import { Badge, QueryView, scrollRegion } from '../ui.tsx'

export const WEBHOOKS = 'organization/webhooks/'
const PAGE = 20
/** Deliveries change on their own (the worker): lists showing them refresh this often. */
export const DELIVERY_REFRESH_MS = 4000

export const deliveryPath = (deliveryId: string) => `/webhooks/deliveries/${encodeURIComponent(deliveryId)}`

type DeliveryRow = Pick<
  WebhookDelivery,
  'delivery_id' | 'kind' | 'status' | 'attempts' | 'last_status_code' | 'last_error' | 'created_at'
> &
  ({ event_type: string } | { endpoint_url: string })

/**
 * Deliveries newest first; each row opens the delivery with its attempts. A row names its event (an
 * endpoint's deliveries) or its endpoint (an event's deliveries).
 */
export function DeliveryTable({ deliveries, label = 'Deliveries' }: { deliveries: DeliveryRow[]; label?: string }) {
  const byEndpoint = deliveries.some((d) => 'endpoint_url' in d)
  return (
    <div {...scrollRegion(label)}>
      <table>
        <thead>
          <tr>
            <th scope="col">{byEndpoint ? 'Endpoint' : 'Event'}</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.delivery_id}>
              {'endpoint_url' in d ? (
                <td className="break">
                  <Link to={deliveryPath(d.delivery_id)}>{d.endpoint_url}</Link>
                  {d.kind !== 'automatic' && <span className="tag">{d.kind}</span>}
                </td>
              ) : (
                <td>
                  <Link to={deliveryPath(d.delivery_id)} className="mono small">
                    {d.event_type}
                  </Link>
                  {d.kind !== 'automatic' && <span className="tag">{d.kind}</span>}
                </td>
              )}
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
  )
}

/** One endpoint's deliveries, a page at a time going back (the list pages by delivery id, not by number). */
export function EndpointDeliveries({ endpointId }: { endpointId: string }) {
  const [cursors, setCursors] = useState<string[]>([])
  const before = cursors.at(-1)
  const deliveries = useApi<WebhookDelivery[]>(
    `${WEBHOOKS}deliveries/`,
    { endpoint_id: endpointId, limit: PAGE, before },
    { refetchInterval: DELIVERY_REFRESH_MS },
  )
  return (
    <section aria-labelledby="endpoint-deliveries-title">
      <h2 id="endpoint-deliveries-title">Deliveries</h2>
      <QueryView
        query={deliveries}
        empty={cursors.length === 0 ? <p className="muted">No delivery to this endpoint yet.</p> : undefined}
      >
        {(data) => (
          <>
            <DeliveryTable deliveries={data} />
            <nav className="pager" aria-label="Delivery pages">
              <button
                type="button"
                className="button-quiet"
                disabled={cursors.length === 0}
                onClick={() => setCursors((c) => c.slice(0, -1))}
              >
                Newer
              </button>
              <button
                type="button"
                className="button-quiet"
                disabled={data.length < PAGE}
                onClick={() => setCursors((c) => [...c, data[data.length - 1].delivery_id])}
              >
                Older
              </button>
            </nav>
          </>
        )}
      </QueryView>
    </section>
  )
}
