import { useState } from 'react'
import { dateTime, money } from '../format.ts'
import { Link } from '../Link.tsx'
import { useApi } from '../queries.ts'
import type { PaymentDetail } from '../types.ts'
import { Badge, PageHeader, QueryView } from '../ui.tsx'
import { PaymentTimeline } from './PaymentTimeline.tsx'
import { RefundForm, refundableMinor } from './RefundForm.tsx'

const REFUNDABLE = ['paid', 'partially_refunded', 'refund_pending']

export function PaymentView({ id, canRefund, canResend }: { id: string; canRefund: boolean; canResend: boolean }) {
  const payment = useApi<PaymentDetail>(`payments/${encodeURIComponent(id)}/`)
  return (
    <>
      <p>
        <Link to="/payments">← All payments</Link>
      </p>
      <PageHeader title={`Payment ${id}`}>{payment.data && <Badge value={payment.data.status} />}</PageHeader>
      <QueryView query={payment}>
        {(data) => <PaymentBody payment={data} canRefund={canRefund} canResend={canResend} />}
      </QueryView>
    </>
  )
}

function PaymentBody({
  payment: data,
  canRefund,
  canResend,
}: {
  payment: PaymentDetail
  canRefund: boolean
  canResend: boolean
}) {
  const [refunding, setRefunding] = useState(false)
  const [refunded, setRefunded] = useState<string | null>(null)
  const refundable = REFUNDABLE.includes(data.status) && refundableMinor(data) > 0
  return (
    <>
      {canRefund && refundable && !refunding && (
        <div className="page-actions">
          <button
            type="button"
            className="button-primary"
            onClick={() => {
              setRefunding(true)
              setRefunded(null)
            }}
          >
            Refund
          </button>
        </div>
      )}
      {refunded && (
        <p className="success" role="status">
          Refund <Link to={`/refunds/${refunded}`}>{refunded}</Link> is processing.
        </p>
      )}
      {refunding && (
        <>
          <RefundForm
            payment={data}
            onDone={(refundId) => {
              setRefunding(false)
              setRefunded(refundId)
            }}
          />
          <button type="button" className="button-quiet" onClick={() => setRefunding(false)}>
            Cancel refund
          </button>
        </>
      )}
      <div className="detail-grid">
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
            <dd className="mono break">{data.order_id}</dd>
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
        <PaymentTimeline payment={data} canResend={canResend} />
        <section className="card wide" aria-labelledby="refunds-title">
          <h2 id="refunds-title">Refunds</h2>
          {data.refunds.length === 0 ? (
            <p className="muted">No refund.</p>
          ) : (
            <ul className="plain-list">
              {data.refunds.map((r) => (
                <li key={r.id}>
                  <Link to={`/refunds/${r.id}`} className="mono">
                    {r.id}
                  </Link>{' '}
                  {money(r.amount, r.currency)} <Badge value={r.status} />{' '}
                  <span className="muted">{dateTime(r.created_at)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  )
}
