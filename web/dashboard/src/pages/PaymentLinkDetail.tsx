import { useState } from 'react'
import { api } from '../api.ts'
import { dateTime, money, titleCase } from '../format.ts'
import { Link } from '../Link.tsx'
import { useAction, useApi, usePage } from '../queries.ts'
import type { PaymentLink, PaymentSummary, Product } from '../types.ts'
import { Badge, CopyButton, ErrorNote, PageHeader, Pager, QueryView } from '../ui.tsx'
import { PaymentTable } from './Payments.tsx'
import { PaymentLinkForm } from './PaymentLinkForm.tsx'
import { cadence, priceIn } from './catalog.ts'

const PAGE_SIZE = 20

/** /payment-links/:id — share (URL, copy, QR code), what it sells, its payments; edit, deactivate, delete. */
export function PaymentLinkView({ id, canEdit }: { id: string; canEdit: boolean }) {
  const link = useApi<PaymentLink>(`payment-links/${encodeURIComponent(id)}/`)
  return (
    <>
      <p>
        <Link to="/payment-links">← All payment links</Link>
      </p>
      <PageHeader title={link.data?.name ?? 'Payment link'}>
        {link.data && <Badge value={link.data.status} />}
      </PageHeader>
      <QueryView query={link}>{(data) => <LinkBody link={data} canEdit={canEdit} />}</QueryView>
    </>
  )
}

/** Deactivate / Activate and Delete, on the list's rows and the detail page. */
export function LinkActions({ link }: { link: PaymentLink }) {
  const action = useAction(['payment-links/'])
  if (link.status === 'deleted') return null
  return (
    <>
      <button
        type="button"
        className="button-quiet"
        disabled={action.pending}
        onClick={() =>
          void action.run(() => api('PATCH', `payment-links/${link.id}/`, { body: { is_active: !link.is_active } }))
        }
        aria-label={`${link.is_active ? 'Deactivate' : 'Activate'} ${link.name}`}
      >
        {link.is_active ? 'Deactivate' : 'Activate'}
      </button>
      <button
        type="button"
        className="button-danger"
        disabled={action.pending}
        onClick={() =>
          confirm(`Delete the payment link "${link.name}"? Buyers can no longer pay through it.`) &&
          void action.run(() => api('DELETE', `payment-links/${link.id}/`))
        }
        aria-label={`Delete ${link.name}`}
      >
        Delete
      </button>
      {action.error && <ErrorNote error={action.error} />}
    </>
  )
}

function LinkBody({ link, canEdit }: { link: PaymentLink; canEdit: boolean }) {
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState(false)
  const writable = canEdit && link.status !== 'deleted'
  return (
    <>
      {writable && !editing && (
        <div className="page-actions">
          <button
            type="button"
            onClick={() => {
              setEditing(true)
              setSaved(false)
            }}
          >
            Edit
          </button>
          <LinkActions link={link} />
        </div>
      )}
      {saved && (
        <p className="success" role="status">
          Saved.
        </p>
      )}
      {editing && (
        <PaymentLinkForm
          link={link}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false)
            setSaved(true)
          }}
        />
      )}
      <div className="detail-grid">
        <ShareCard link={link} />
        <section className="card" aria-labelledby="link-facts">
          <h2 id="link-facts">Details</h2>
          <dl className="facts">
            <dt>Total</dt>
            <dd>{money(link.total, link.currency)}</dd>
            <dt>Pricing</dt>
            <dd>{link.pricing_mode === 'TAX_INCLUSIVE' ? 'Tax included' : 'Tax added on top'}</dd>
            <dt>Environment</dt>
            <dd>{titleCase(link.environment)}</dd>
            <dt>Expires</dt>
            <dd>{link.expires_at ? dateTime(link.expires_at) : 'Never'}</dd>
            <dt>Payments</dt>
            <dd>
              {link.paid_count}
              {link.max_uses !== null ? ` of at most ${link.max_uses}` : ' (no limit)'}
            </dd>
            <dt>Revenue</dt>
            <dd>{money(link.revenue, link.currency)}</dd>
            <dt>Created</dt>
            <dd>{dateTime(link.created_at)}</dd>
          </dl>
        </section>
        <LineTable link={link} />
        <section className="card" aria-labelledby="link-metadata">
          <h2 id="link-metadata">Metadata</h2>
          {Object.keys(link.metadata).length === 0 ? (
            <p className="muted">No metadata.</p>
          ) : (
            <dl className="facts">
              {Object.entries(link.metadata).map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="mono break">{k}</dt>
                  <dd className="break">{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      </div>
      <LinkPayments link={link} />
    </>
  )
}

function ShareCard({ link }: { link: PaymentLink }) {
  const qr = useApi<{ url: string; qr_svg: string }>(`payment-links/${link.id}/qr/`)
  const src = qr.data && `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.data.qr_svg)}`
  return (
    <section className="card" aria-labelledby="link-share">
      <h2 id="link-share">Share</h2>
      <div className="secret">
        <code>
          <a href={link.url} target="_blank" rel="noreferrer">
            {link.url}
          </a>
        </code>
        <CopyButton value={link.url} label="Copy link" />
      </div>
      <QueryView query={qr} label="Drawing the QR code…">
        {() => (
          <div className="link-qr">
            <img src={src} alt={`QR code of ${link.url}`} width={180} height={180} />
            <a href={src} download={`payment-link-${link.id}.svg`}>
              Download QR code
            </a>
          </div>
        )}
      </QueryView>
    </section>
  )
}

/** The snapshot lines; a recurring catalog price says how it bills ("every 3 months"). */
function LineTable({ link }: { link: PaymentLink }) {
  const products = useApi<Product[]>('products/', { page_size: 100 })
  return (
    <section className="card" aria-labelledby="link-lines">
      <h2 id="link-lines">Products</h2>
      <ul className="plain-list">
        {link.products.map((line, i) => {
          const price = priceIn(
            products.data?.find((p) => p.id === line.product_id),
            link.currency,
          )
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the snapshot may repeat a product
            <li key={i}>
              {line.quantity} × {line.name} · {money(line.unit_price, link.currency)}
              {price?.recurring_interval && <span className="muted"> {cadence(price)}</span>}
              <span className="muted"> = {money(line.amount, link.currency)}</span>
            </li>
          )
        })}
      </ul>
    </section>
  )
}

function LinkPayments({ link }: { link: PaymentLink }) {
  const [page, setPage] = useState(1)
  const payments = usePage<PaymentSummary>(`payment-links/${link.id}/payments/`, { page, page_size: PAGE_SIZE })
  return (
    <section aria-labelledby="link-payments">
      <h2 id="link-payments">Payments</h2>
      <QueryView
        query={payments}
        isEmpty={(d) => d.items.length === 0}
        empty={<p className="muted">No payment through this link yet.</p>}
      >
        {(data) => (
          <>
            <PaymentTable payments={data.items} />
            <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />
          </>
        )}
      </QueryView>
    </section>
  )
}
