import { useState } from 'react'
import { dateTime, money } from '../format.ts'
import { useEnvironment } from '../environment.tsx'
import { Link } from '../Link.tsx'
import type { PaymentLink } from '../types.ts'
import { useApi } from '../queries.ts'
import { Badge, PageHeader, QueryView } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'
import { LinkActions } from './PaymentLinkDetail.tsx'
import { PaymentLinkForm } from './PaymentLinkForm.tsx'

export function PaymentLinks({ canEdit }: { canEdit: boolean }) {
  const { environment } = useEnvironment()
  const links = useApi<PaymentLink[]>('payment-links/', { environment, page_size: 100 })
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<PaymentLink | null>(null)
  return (
    <>
      <PageHeader title="Payment links">
        {canEdit && !creating && (
          <button
            type="button"
            className="button-primary"
            onClick={() => {
              setCreating(true)
              setCreated(null)
            }}
          >
            New payment link
          </button>
        )}
      </PageHeader>
      {creating && (
        <PaymentLinkForm
          onCancel={() => setCreating(false)}
          onSaved={(link) => {
            setCreating(false)
            setCreated(link)
          }}
        />
      )}
      {created && (
        <p className="success" role="status">
          Created <Link to={`/payment-links/${created.id}`}>{created.name}</Link>: open it for its QR code.
        </p>
      )}
      <QueryView
        query={links}
        empty={<p className="muted">No payment link yet: a link sells fixed products without any integration.</p>}
      >
        {(data) => (
          <div {...scrollRegion('Payment links')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Link</th>
                  <th scope="col">Price</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Paid
                  </th>
                  <th scope="col" className="num">
                    Revenue
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.map((l) => (
                  <tr key={l.id}>
                    <td>
                      <Link to={`/payment-links/${l.id}`}>{l.name}</Link>
                      <div className="muted small">
                        {l.products.length === 1 ? '1 product' : `${l.products.length} products`}
                        {l.expires_at && ` · expires ${dateTime(l.expires_at)}`}
                      </div>
                      <div className="small break">
                        <a href={l.url} target="_blank" rel="noreferrer">
                          {l.url}
                        </a>
                      </div>
                    </td>
                    <td className="num">{money(l.total, l.currency)}</td>
                    <td>
                      <Badge value={l.status} />
                    </td>
                    <td className="num">
                      {l.paid_count}
                      {l.max_uses !== null && <span className="muted"> / {l.max_uses}</span>}
                    </td>
                    <td className="num">{money(l.revenue, l.currency)}</td>
                    <td className="row-actions">{canEdit && <LinkActions link={l} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </>
  )
}
