import { useState } from 'react'
import { dateTime } from '../format.ts'
import { useApi, usePage } from '../queries.ts'
import { Badge, PageHeader, Pager, QueryView } from '../ui.tsx'

interface Email {
  id: number
  to: string
  subject: string
  text: string
  status: string
  created_at: string
}

const PAGE_SIZE = 20

/**
 * Without SMTP the platform keeps its emails (refund codes, invitations) here, so a demo works end
 * to end. Owners and admins see every message of the organization; other roles their own.
 */
export function Outbox() {
  const outbox = useApi<{ email_outbox: boolean }>('platform/').data?.email_outbox ?? false
  const [page, setPage] = useState(1)
  // A code just requested arrives within a second or two: keep the list fresh while it is open.
  const emails = usePage<Email>('organization/emails/', { page, page_size: PAGE_SIZE }, { refetchInterval: 3000 })
  return (
    <>
      <PageHeader title="Outbox" />
      <p className="muted">
        {outbox
          ? 'No SMTP server is configured: emails the platform sends are kept here instead.'
          : 'Emails the platform sent for your organization.'}
      </p>
      <QueryView query={emails} isEmpty={(d) => d.items.length === 0} empty={<p className="muted">No email yet.</p>}>
        {(data) => (
          <>
            <ul className="plain-list outbox">
              {data.items.map((e) => (
                <li key={e.id} className="card">
                  <article aria-label={e.subject}>
                    <h2>{e.subject}</h2>
                    <p className="muted small">
                      To {e.to} · {dateTime(e.created_at)} · <Badge value={e.status} />
                    </p>
                    <pre className="email-text">{e.text}</pre>
                  </article>
                </li>
              ))}
            </ul>
            <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />
          </>
        )}
      </QueryView>
    </>
  )
}
