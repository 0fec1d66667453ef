import { useState, type FormEvent } from 'react'
import { useEnvironment } from '../environment.tsx'
import { dateTime, money } from '../format.ts'
import { Link } from '../Link.tsx'
import { useApi, usePage } from '../queries.ts'
import type { Refund } from '../types.ts'
import { Badge, InlineField, PageHeader, Pager, QueryView } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'

const PAGE_SIZE = 25
const STATUSES = ['pending', 'processing', 'completed', 'failed', 'rejected']

export function RefundList() {
  const { environment } = useEnvironment()
  const [status, setStatus] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [search, setSearch] = useState('')
  const [query, setQuery] = useState('')
  const [page, setPage] = useState(1)
  const refunds = usePage<Refund>('organization/refunds/', {
    environment,
    status,
    created_at__gte: from ? `${from}T00:00:00Z` : '',
    created_at__lte: to ? `${to}T23:59:59.999Z` : '',
    search: query,
    page,
    page_size: PAGE_SIZE,
  })
  const filter = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value)
    setPage(1)
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setPage(1)
    setQuery(search.trim())
  }
  return (
    <>
      <PageHeader title="Refunds" />
      <form className="filters" onSubmit={submit} role="search" aria-label="Filter refunds">
        <InlineField label="Status">
          <select value={status} onChange={filter(setStatus)}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </InlineField>
        <InlineField label="From">
          <input type="date" value={from} onChange={filter(setFrom)} />
        </InlineField>
        <InlineField label="To">
          <input type="date" value={to} onChange={filter(setTo)} />
        </InlineField>
        <InlineField label="Search" grow>
          <input
            type="search"
            placeholder="Payment id or reason"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </InlineField>
        <button type="submit" className="button-quiet">
          Search
        </button>
      </form>
      <QueryView
        query={refunds}
        isEmpty={(d) => d.items.length === 0}
        empty={<p className="muted">No {environment} refunds match.</p>}
      >
        {(data) => (
          <>
            <div {...scrollRegion('Refunds')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Refund</th>
                    <th scope="col">Payment</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Status</th>
                    <th scope="col">Created</th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <Link to={`/refunds/${encodeURIComponent(r.id)}`} className="mono">
                          {r.id}
                        </Link>
                      </td>
                      <td>
                        <Link to={`/payments/${encodeURIComponent(r.transaction_id)}`} className="mono">
                          {r.transaction_id}
                        </Link>
                      </td>
                      <td className="small break">{r.reason}</td>
                      <td>
                        <Badge value={r.status} />
                      </td>
                      <td className="small">{dateTime(r.created_at)}</td>
                      <td className="num">{money(r.amount, r.currency)}</td>
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

export function RefundView({ id }: { id: string }) {
  const { environment } = useEnvironment()
  const refund = useApi<Refund>(`organization/refunds/${encodeURIComponent(id)}/`, { environment })
  return (
    <>
      <p>
        <Link to="/refunds">← All refunds</Link>
      </p>
      <PageHeader title={`Refund ${id}`}>{refund.data && <Badge value={refund.data.status} />}</PageHeader>
      <QueryView query={refund}>
        {(r) => (
          <section className="card" aria-labelledby="refund-facts">
            <h2 id="refund-facts">Details</h2>
            <dl className="facts">
              <dt>Amount</dt>
              <dd>{money(r.amount, r.currency)}</dd>
              <dt>In USD</dt>
              <dd>
                {money(r.amount_usd, 'USD')} <span className="muted small">at {r.fx_rate}</span>
              </dd>
              <dt>Payment</dt>
              <dd>
                <Link to={`/payments/${encodeURIComponent(r.transaction_id)}`} className="mono">
                  {r.transaction_id}
                </Link>
              </dd>
              <dt>Reason</dt>
              <dd className="break">{r.reason}</dd>
              <dt>Created</dt>
              <dd>{dateTime(r.created_at)}</dd>
              <dt>Updated</dt>
              <dd>{dateTime(r.updated_at)}</dd>
            </dl>
          </section>
        )}
      </QueryView>
    </>
  )
}
