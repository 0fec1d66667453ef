import { useState, type FormEvent } from 'react'
import { useEnvironment } from '../environment.tsx'
import { dateTime, money } from '../format.ts'
import { Link } from '../Link.tsx'
import { useApi, usePage } from '../queries.ts'
import type { Product, Subscription } from '../types.ts'
import { Badge, InlineField, PageHeader, Pager, QueryView } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'

const PAGE_SIZE = 25
export const SUBSCRIPTION_STATUSES = [
  'incomplete',
  'trialing',
  'active',
  'past_due',
  'unpaid',
  'paused',
  'canceled',
  'ended',
  'incomplete_expired',
]

export const subscriptionPath = (id: string) => `subscriptions/${encodeURIComponent(id)}/`

/** "every month", "every 3 weeks". */
export function cadence(plan: Subscription['plan']): string {
  const n = plan.recurring_interval_count
  return n === 1 ? `every ${plan.recurring_interval}` : `every ${n} ${plan.recurring_interval}s`
}

/** Active catalog products with a recurring price: the plans a subscription can be on. */
export function useRecurringProducts() {
  return useApi<Product[]>('products/', { status: 'active', page_size: 100 })
}

export const isRecurring = (p: Product) => p.prices.some((price) => price.recurring_interval)

export function SubscriptionList({ canCreate }: { canCreate: boolean }) {
  const { environment } = useEnvironment()
  const [status, setStatus] = useState('')
  const [product, setProduct] = useState('')
  const [email, setEmail] = useState('')
  const [customer, setCustomer] = useState('')
  const [page, setPage] = useState(1)
  const products = useRecurringProducts()
  const subscriptions = usePage<Subscription>('subscriptions/', {
    environment,
    status,
    product_id: product,
    customer,
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
    setCustomer(email.trim())
  }
  return (
    <>
      <PageHeader title="Subscriptions">
        {canCreate && (
          <Link to="/subscriptions/new" className="button-primary">
            New subscription
          </Link>
        )}
      </PageHeader>
      <form className="filters" onSubmit={submit} role="search" aria-label="Filter subscriptions">
        <InlineField label="Status">
          <select value={status} onChange={filter(setStatus)}>
            <option value="">Any</option>
            {SUBSCRIPTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </InlineField>
        <InlineField label="Product">
          <select value={product} onChange={filter(setProduct)}>
            <option value="">Any</option>
            {(products.data ?? []).filter(isRecurring).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </InlineField>
        <InlineField label="Customer email" grow>
          <input type="search" value={email} onChange={(e) => setEmail(e.target.value)} />
        </InlineField>
        <button type="submit" className="button-quiet">
          Filter
        </button>
      </form>
      <QueryView
        query={subscriptions}
        isEmpty={(d) => d.items.length === 0}
        empty={<p className="muted">No {environment} subscriptions match.</p>}
      >
        {(data) => (
          <>
            <div {...scrollRegion('Subscriptions')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Subscription</th>
                    <th scope="col">Customer</th>
                    <th scope="col">Plan</th>
                    <th scope="col">Status</th>
                    <th scope="col">Next charge</th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <Link to={`/subscriptions/${encodeURIComponent(s.id)}`} className="mono">
                          {s.id}
                        </Link>
                      </td>
                      <td className="small break">{s.customer.email}</td>
                      <td className="small">
                        {s.quantity > 1 && `${s.quantity} × `}
                        {s.plan.name} <span className="muted">{cadence(s.plan)}</span>
                      </td>
                      <td>
                        <Badge value={s.status} />
                        {s.cancel_at_period_end && <span className="tag">cancels at period end</span>}
                      </td>
                      <td className="small">{dateTime(s.next_charge_at)}</td>
                      <td className="num">{money(s.amount, s.currency)}</td>
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
