import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { dateTime, money } from '../format.ts'
import { Link } from '../Link.tsx'
import type { PaymentDetail as Detail, PaymentSummary } from '../types.ts'
import { Badge, Loading, PageHeader, useLoad } from '../ui.tsx'

const PAGE_SIZE = 25
const STATUSES = ['processing', 'paid', 'failed', 'canceled', 'refund_pending', 'partially_refunded', 'refunded']

export function Payments({ id }: { id?: string }) {
  return id ? <PaymentView id={decodeURIComponent(id)} /> : <PaymentList />
}

function PaymentList() {
  const [environment, setEnvironment] = useState('')
  const [status, setStatus] = useState('')
  const [search, setSearch] = useState('')
  const [query, setQuery] = useState('')
  const [page, setPage] = useState(1)
  const { data, error } = useLoad(
    () =>
      api<PaymentSummary[]>('GET', 'payments/', {
        query: { environment, status, search: query, page, page_size: PAGE_SIZE },
      }),
    [environment, status, query, page],
  )
  const submitSearch = (e: FormEvent) => {
    e.preventDefault()
    setPage(1)
    setQuery(search.trim())
  }
  return (
    <>
      <PageHeader title="Payments" />
      <form className="filters" onSubmit={submitSearch} role="search">
        <label className="inline-field">
          <span>Environment</span>
          <select
            value={environment}
            onChange={(e) => {
              setEnvironment(e.target.value)
              setPage(1)
            }}
          >
            <option value="">Both</option>
            <option value="sandbox">Sandbox</option>
            <option value="production">Production</option>
          </select>
        </label>
        <label className="inline-field">
          <span>Status</span>
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value)
              setPage(1)
            }}
          >
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field grow">
          <span>Search</span>
          <input
            type="search"
            placeholder="Payment id, order id or email"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <button type="submit" className="button-quiet">
          Search
        </button>
      </form>
      {!data ? (
        <Loading error={error} />
      ) : data.length === 0 ? (
        <p className="muted">No payments match.</p>
      ) : (
        <>
          <div className="table-wrap">
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
                {data.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/payments/${encodeURIComponent(p.id)}`} className="mono">
                        {p.id}
                      </Link>
                      {p.environment === 'sandbox' && <span className="tag">test</span>}
                    </td>
                    <td className="small">{p.payer_email}</td>
                    <td>
                      <Badge value={p.status} />
                    </td>
                    <td className="small">{dateTime(p.created_at)}</td>
                    <td className="num">{money(p.gross_amount, p.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <button type="button" className="button-quiet" disabled={page === 1} onClick={() => setPage(page - 1)}>
              Previous
            </button>
            <span className="muted small">Page {page}</span>
            <button
              type="button"
              className="button-quiet"
              disabled={data.length < PAGE_SIZE}
              onClick={() => setPage(page + 1)}
            >
              Next
            </button>
          </div>
        </>
      )}
    </>
  )
}

function PaymentView({ id }: { id: string }) {
  const { data, error } = useLoad(() => api<Detail>('GET', `payments/${encodeURIComponent(id)}/`), [id])
  return (
    <>
      <p>
        <Link to="/payments">← All payments</Link>
      </p>
      <PageHeader title={`Payment ${id}`}>{data && <Badge value={data.status} />}</PageHeader>
      {!data ? (
        <Loading error={error} />
      ) : (
        <div className="detail-grid">
          {data.review && (
            <section className="card wide" role="alert" aria-labelledby="review-title">
              <h2 id="review-title">Flagged for review</h2>
              <p>
                {data.review.reason} <span className="muted">({dateTime(data.review.flagged_at)})</span>
              </p>
              <p className="muted">No money moved. Compare the payment at the card processor before anything else.</p>
            </section>
          )}
          <section className="card" aria-labelledby="amounts-title">
            <h2 id="amounts-title">Amounts</h2>
            <dl className="facts">
              <dt>Charged</dt>
              <dd>{money(data.gross_amount, data.currency)}</dd>
              <dt>Tax</dt>
              <dd>{money(data.tax_amount, data.currency)}</dd>
              <dt>Fees</dt>
              <dd>{money(data.fee_amount, data.currency)}</dd>
              <dt>Net</dt>
              <dd>{money(data.amount, data.currency)}</dd>
              <dt>Refunded</dt>
              <dd>{money(data.amount_refunded, data.currency)}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="customer-title">
            <h2 id="customer-title">Customer</h2>
            <dl className="facts">
              <dt>Name</dt>
              <dd>
                {data.billing.first_name} {data.billing.last_name}
              </dd>
              <dt>Email</dt>
              <dd>{data.billing.email}</dd>
              <dt>Country</dt>
              <dd>
                {data.billing.country}
                {data.billing.postal_code && `, ${data.billing.postal_code}`}
              </dd>
              <dt>Card</dt>
              <dd>{data.card ? `${data.card.brand ?? 'Card'} •••• ${data.card.last4}` : '—'}</dd>
              <dt>Order</dt>
              <dd className="mono">{data.order_id}</dd>
              <dt>Created</dt>
              <dd>{dateTime(data.created_at)}</dd>
              <dt>Paid</dt>
              <dd>{dateTime(data.paid_at)}</dd>
            </dl>
          </section>
          <section className="card wide" aria-labelledby="items-title">
            <h2 id="items-title">Items</h2>
            <ul className="plain-list">
              {data.products.map((p, i) => (
                <li key={i}>
                  {p.quantity} × {p.name} <span className="muted">at {money(p.unit_price, data.currency)}</span>
                </li>
              ))}
            </ul>
          </section>
          <section className="card wide" aria-labelledby="attempts-title">
            <h2 id="attempts-title">Attempts</h2>
            {data.attempts.length === 0 ? (
              <p className="muted">No attempt yet.</p>
            ) : (
              <ul className="plain-list">
                {data.attempts.map((a, i) => (
                  <li key={i}>
                    <Badge value={a.status} /> {dateTime(a.attemptedAt)}
                    {a.errorMessage && <span className="muted"> — {a.errorMessage}</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {data.refunds.length > 0 && (
            <section className="card wide" aria-labelledby="refunds-title">
              <h2 id="refunds-title">Refunds</h2>
              <ul className="plain-list">
                {data.refunds.map((r) => (
                  <li key={r.id}>
                    <span className="mono">{r.id}</span> {money(r.amount, r.currency)} <Badge value={r.status} />{' '}
                    <span className="muted">{dateTime(r.created_at)}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
    </>
  )
}
