import { useEnvironment } from '../environment.tsx'
import { dateTime, money } from '../format.ts'
import { Link } from '../Link.tsx'
import { useApi } from '../queries.ts'
import type { Subscription, SubscriptionChange } from '../types.ts'
import { Badge, CopyButton, PageHeader, QueryView } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'
import { SubscriptionActions } from './SubscriptionActions.tsx'
import { ManualCharge } from './SubscriptionCharge.tsx'
import { PlanChange } from './SubscriptionChange.tsx'
import { cadence, subscriptionPath } from './Subscriptions.tsx'
import { TestClockPanel } from './TestClockPanel.tsx'
import './detail-grid.css'

export function SubscriptionView({ id, canEdit }: { id: string; canEdit: boolean }) {
  const subscription = useApi<Subscription>(subscriptionPath(id))
  return (
    <>
      <p>
        <Link to="/subscriptions">← All subscriptions</Link>
      </p>
      <PageHeader title={`Subscription ${id}`}>
        {subscription.data && <Badge value={subscription.data.status} />}
      </PageHeader>
      <QueryView query={subscription}>{(s) => <SubscriptionBody subscription={s} canEdit={canEdit} />}</QueryView>
    </>
  )
}

function SubscriptionBody({ subscription: s, canEdit }: { subscription: Subscription; canEdit: boolean }) {
  const { environment } = useEnvironment()
  return (
    <>
      {canEdit && <SubscriptionActions subscription={s} />}
      <div className="detail-grid">
        <section className="card" aria-labelledby="plan-title">
          <h2 id="plan-title">Plan</h2>
          <dl className="facts">
            <dt>Product</dt>
            <dd>
              {s.quantity} × {s.plan.name}
            </dd>
            <dt>Price</dt>
            <dd>
              {money(s.amount, s.currency)} {cadence(s.plan)} <span className="muted small">before tax</span>
            </dd>
            <dt>Period</dt>
            <dd>
              {dateTime(s.current_period_start)} – {dateTime(s.current_period_end)}
            </dd>
            <dt>Next charge</dt>
            <dd>{dateTime(s.next_charge_at)}</dd>
            <dt>Trial ends</dt>
            <dd>{dateTime(s.trial_end)}</dd>
            <dt>Cycles</dt>
            <dd>
              {s.cycles_billed}
              {s.cycle_count !== null && ` of ${s.cycle_count}`} billed
            </dd>
            <dt>Cancels</dt>
            <dd>
              {s.canceled_at ? `Canceled ${dateTime(s.canceled_at)}` : s.cancel_at_period_end ? 'At period end' : '—'}
            </dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="sub-customer-title">
          <h2 id="sub-customer-title">Customer</h2>
          <dl className="facts">
            <dt>Name</dt>
            <dd>
              <Link to={`/customers/${encodeURIComponent(s.customer.id)}`}>
                {s.customer.first_name} {s.customer.last_name}
              </Link>
            </dd>
            <dt>Email</dt>
            <dd className="break">{s.customer.email}</dd>
            <dt>Card</dt>
            <dd>{s.customer.card ? `${s.customer.card.brand ?? 'Card'} •••• ${s.customer.card.last4}` : '—'}</dd>
            <dt>Billing page</dt>
            <dd>
              <CopyButton value={s.billing_url} label="Copy customer link" />
            </dd>
          </dl>
        </section>
        {environment === 'sandbox' && s.test_clock_id && (
          <TestClockPanel clockId={s.test_clock_id} subscriptionId={s.id} canEdit={canEdit} />
        )}
        {canEdit && <PlanChange subscription={s} />}
        {canEdit && <ManualCharge subscription={s} />}
        <Charges subscription={s} />
        <History id={s.id} />
      </div>
    </>
  )
}

function Charges({ subscription: s }: { subscription: Subscription }) {
  const charges = s.charges ?? []
  return (
    <section className="card wide" aria-labelledby="charges-title">
      <h2 id="charges-title">Charges</h2>
      {charges.length === 0 ? (
        <p className="muted">No charge yet.</p>
      ) : (
        <div {...scrollRegion('Charges')}>
          <table>
            <thead>
              <tr>
                <th scope="col">Payment</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {charges.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/payments/${encodeURIComponent(c.id)}`} className="mono">
                      {c.id}
                    </Link>
                  </td>
                  <td>{c.kind}</td>
                  <td>
                    <Badge value={c.status} />
                  </td>
                  <td className="small">{dateTime(c.created_at)}</td>
                  <td className="num">{money(c.amount, c.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

const who = (h: SubscriptionChange) =>
  h.actor_email ?? (h.actor === 'system' ? 'Kassa (automatic)' : h.actor.startsWith('customer') ? 'Customer' : h.actor)

function History({ id }: { id: string }) {
  const history = useApi<SubscriptionChange[]>(`${subscriptionPath(id)}history/`)
  return (
    <section className="card wide" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <QueryView query={history} empty={<p className="muted">Nothing recorded yet.</p>}>
        {(rows) => (
          <div {...scrollRegion('History')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Why</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((h) => (
                  <tr key={h.id}>
                    <td className="small">{dateTime(h.created_at)}</td>
                    <td className="small break">{who(h)}</td>
                    <td>{h.reason.replace(/_/g, ' ')}</td>
                    <td>{h.from_status ? <Badge value={h.from_status} /> : '—'}</td>
                    <td>
                      <Badge value={h.to_status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  )
}
