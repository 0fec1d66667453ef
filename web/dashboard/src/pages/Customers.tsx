import { useState, type FormEvent } from 'react'
import { useEnvironment } from '../environment.tsx'
import { dateTime, money } from '../format.ts'
import { Link } from '../Link.tsx'
import { useApi, usePage } from '../queries.ts'
import type { Customer, CustomerDetail } from '../types.ts'
import { Badge, InlineField, PageHeader, Pager, QueryView } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'
import { cadence } from './Subscriptions.tsx'
import './detail-grid.css'

const PAGE_SIZE = 25

export function CustomerList() {
  const { environment } = useEnvironment()
  const [search, setSearch] = useState('')
  const [query, setQuery] = useState('')
  const [page, setPage] = useState(1)
  const customers = usePage<Customer>('customers/', { environment, search: query, page, page_size: PAGE_SIZE })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setPage(1)
    setQuery(search.trim())
  }
  return (
    <>
      <PageHeader title="Customers" />
      <form className="filters" onSubmit={submit} role="search" aria-label="Filter customers">
        <InlineField label="Email" grow>
          <input
            type="search"
            placeholder="Part of the email, or cus_…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </InlineField>
        <button type="submit" className="button-quiet">
          Search
        </button>
      </form>
      <QueryView
        query={customers}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <p className="muted">No {environment} customers match. Customers appear with their first subscription.</p>
        }
      >
        {(data) => (
          <>
            <div {...scrollRegion('Customers')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Customer</th>
                    <th scope="col">Name</th>
                    <th scope="col">Country</th>
                    <th scope="col" className="num">
                      Subscriptions
                    </th>
                    <th scope="col">Since</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((c) => (
                    <tr key={c.id}>
                      <td className="break">
                        <Link to={`/customers/${encodeURIComponent(c.id)}`}>{c.email}</Link>
                      </td>
                      <td>
                        {c.first_name} {c.last_name}
                      </td>
                      <td>{c.country}</td>
                      <td className="num">{c.subscription_count}</td>
                      <td className="small">{dateTime(c.created_at)}</td>
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

export function CustomerView({ id }: { id: string }) {
  const { environment } = useEnvironment()
  const customer = useApi<CustomerDetail>(`customers/${encodeURIComponent(id)}/`, { environment })
  return (
    <>
      <p>
        <Link to="/customers">← All customers</Link>
      </p>
      <PageHeader title={customer.data ? customer.data.email : `Customer ${id}`} />
      <QueryView query={customer}>{(c) => <CustomerBody customer={c} />}</QueryView>
    </>
  )
}

function CustomerBody({ customer: c }: { customer: CustomerDetail }) {
  return (
    <div className="detail-grid">
      <section className="card" aria-labelledby="customer-facts-title">
        <h2 id="customer-facts-title">Details</h2>
        <dl className="facts">
          <dt>Id</dt>
          <dd className="mono break">{c.id}</dd>
          <dt>Name</dt>
          <dd>
            {c.first_name} {c.last_name}
          </dd>
          <dt>Country</dt>
          <dd>
            {c.country}
            {c.postal_code && `, ${c.postal_code}`}
          </dd>
          <dt>Card</dt>
          <dd>{c.card ? `${c.card.brand ?? 'Card'} •••• ${c.card.last4}` : '—'}</dd>
          <dt>Since</dt>
          <dd>{dateTime(c.created_at)}</dd>
        </dl>
      </section>
      <section className="card wide" aria-labelledby="customer-subs-title">
        <h2 id="customer-subs-title">Subscriptions</h2>
        {c.subscriptions.length === 0 ? (
          <p className="muted">No subscription.</p>
        ) : (
          <ul className="plain-list">
            {c.subscriptions.map((s) => (
              <li key={s.id}>
                <Link to={`/subscriptions/${encodeURIComponent(s.id)}`} className="mono">
                  {s.id}
                </Link>{' '}
                {s.quantity} × {s.plan.name}, {money(s.amount, s.currency)} {cadence(s.plan)} <Badge value={s.status} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card wide" aria-labelledby="customer-payments-title">
        <h2 id="customer-payments-title">Payments</h2>
        {c.payments.length === 0 ? (
          <p className="muted">No payment yet.</p>
        ) : (
          <ul className="plain-list">
            {c.payments.map((p) => (
              <li key={p.id}>
                <Link to={`/payments/${encodeURIComponent(p.id)}`} className="mono">
                  {p.id}
                </Link>{' '}
                {money(p.amount, p.currency)} {p.kind} <Badge value={p.status} />{' '}
                <span className="muted small">{dateTime(p.created_at)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
