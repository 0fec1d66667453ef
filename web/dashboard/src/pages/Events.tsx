import { useState } from 'react'
import { useEnvironment } from '../environment.tsx'
import { dateTime } from '../format.ts'
import { Link } from '../Link.tsx'
import { usePage } from '../queries.ts'
import { EVENT_TYPES, type EventSummary } from '../types.ts'
import { InlineField, PageHeader, Pager, QueryView, scrollRegion } from '../ui.tsx'

const PAGE_SIZE = 25
export const EVENTS = 'organization/events/'
export const eventPath = (id: string) => `/events/${encodeURIComponent(id)}`

/** The organization's event log in the chosen environment, newest first, filtered by type. */
export function EventList() {
  const { environment } = useEnvironment()
  const [type, setType] = useState('')
  const [page, setPage] = useState(1)
  const events = usePage<EventSummary>(EVENTS, { environment, type, page, page_size: PAGE_SIZE })
  return (
    <>
      <PageHeader title="Events" />
      <p className="muted small">
        Everything Kassa recorded for your {environment} integration; each event is what webhook endpoints receive.
      </p>
      <div className="filters" role="search" aria-label="Filter events">
        <InlineField label="Event type">
          <select
            value={type}
            onChange={(e) => {
              setType(e.target.value)
              setPage(1)
            }}
          >
            <option value="">Any</option>
            {EVENT_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </InlineField>
      </div>
      <QueryView
        query={events}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <p className="muted">
            No {type || ''} {environment} events yet.
          </p>
        }
      >
        {(data) => (
          <>
            <div {...scrollRegion('Events')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">Type</th>
                    <th scope="col">Transaction</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((e) => (
                    <tr key={e.id}>
                      <td>
                        <Link to={eventPath(e.id)} className="mono small">
                          {e.id}
                        </Link>
                      </td>
                      <td className="mono small">{e.type}</td>
                      <td>
                        {e.transaction_id ? (
                          <Link to={`/payments/${encodeURIComponent(e.transaction_id)}`} className="mono small">
                            {e.transaction_id}
                          </Link>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td className="small">{dateTime(e.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />
          </>
        )}
      </QueryView>
    </>
  )
}
