import { useState, type FormEvent } from 'react'
import { useEnvironment } from '../environment.tsx'
import { dateTime, money } from '../format.ts'
import { Link } from '../Link.tsx'
import { download } from '../api.ts'
import { useApiMutation, usePage } from '../queries.ts'
import type { PaymentSummary } from '../types.ts'
import { Badge, ErrorNote, InlineField, PageHeader, Pager, QueryView } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'

const PAGE_SIZE = 25
const STATUSES = ['processing', 'paid', 'failed', 'canceled', 'refund_pending', 'partially_refunded', 'refunded']

export interface PaymentFilters {
  status: string
  currency: string
  from: string
  to: string
  search: string
}

/** The list's filters as the API's query (dates are whole days: `to` includes its day). */
export function paymentQuery(environment: string, f: PaymentFilters) {
  return {
    environment,
    status: f.status,
    currency: f.currency,
    created_at__gte: f.from ? `${f.from}T00:00:00Z` : '',
    created_at__lte: f.to ? `${f.to}T23:59:59.999Z` : '',
    search: f.search,
  }
}

export function PaymentList() {
  const { environment } = useEnvironment()
  const [filters, setFilters] = useState<PaymentFilters>({ status: '', currency: '', from: '', to: '', search: '' })
  const [search, setSearch] = useState('')
  const [page, setPage] = useState(1)
  const query = paymentQuery(environment, filters)
  const payments = usePage<PaymentSummary>('payments/', { ...query, page, page_size: PAGE_SIZE })
  // Every page of the filtered list, streamed by the server.
  const exporting = useApiMutation(() => download('payments/export.csv', query, `payments-${environment}.csv`))
  const set = (field: keyof PaymentFilters) => (e: { target: { value: string } }) => {
    setFilters({ ...filters, [field]: e.target.value })
    setPage(1)
  }
  const submitSearch = (e: FormEvent) => {
    e.preventDefault()
    setPage(1)
    setFilters({ ...filters, search: search.trim() })
  }
  return (
    <>
      <PageHeader title="Payments">
        <button
          type="button"
          className="button-quiet"
          disabled={exporting.isPending}
          onClick={() => exporting.mutate(undefined)}
        >
          {exporting.isPending ? 'Exporting…' : 'Export CSV'}
        </button>
      </PageHeader>
      <ErrorNote error={exporting.error} />
      <form className="filters" onSubmit={submitSearch} role="search" aria-label="Filter payments">
        <InlineField label="Status">
          <select value={filters.status} onChange={set('status')}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </InlineField>
        <InlineField label="Currency">
          <select value={filters.currency} onChange={set('currency')}>
            <option value="">Any</option>
            <option>USD</option>
            <option>EUR</option>
          </select>
        </InlineField>
        <InlineField label="From">
          <input type="date" value={filters.from} onChange={set('from')} />
        </InlineField>
        <InlineField label="To">
          <input type="date" value={filters.to} onChange={set('to')} />
        </InlineField>
        <InlineField label="Search" grow>
          <input
            type="search"
            placeholder="Payment id, order id or email"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </InlineField>
        <button type="submit" className="button-quiet">
          Search
        </button>
      </form>
      <QueryView
        query={payments}
        isEmpty={(d) => d.items.length === 0}
        empty={<p className="muted">No {environment} payments match.</p>}
      >
        {(data) => (
          <>
            <PaymentTable payments={data.items} />
            <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />
          </>
        )}
      </QueryView>
    </>
  )
}

/** A checkout nobody tried to pay: a label of the dashboard, the API status stays `processing`. */
export const isIncomplete = (p: PaymentSummary) => p.status === 'processing' && p.attempted === false

export function PaymentTable({ payments }: { payments: PaymentSummary[] }) {
  return (
    <div {...scrollRegion('Payments')}>
      <table>
        <thead>
          <tr>
            <th scope="col">Payment</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {payments.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={`/payments/${encodeURIComponent(p.id)}`} className="mono">
                  {p.id}
                </Link>
              </td>
              <td className="small">{p.payer_email}</td>
              <td>{isIncomplete(p) ? <Badge value="incomplete" /> : <Badge value={p.status} />}</td>
              <td className="small">{dateTime(p.created_at)}</td>
              <td className="num">{money(p.gross_amount, p.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
