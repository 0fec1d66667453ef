import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { money } from '../format.ts'
import { useEnvironment } from '../environment.tsx'
import type { PaymentLink, Product } from '../types.ts'
import { useAction, useApi } from '../queries.ts'
import { Badge, ErrorNote, Field, PageHeader, QueryView } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'

export function PaymentLinks({ canEdit }: { canEdit: boolean }) {
  const { environment } = useEnvironment()
  const links = useApi<PaymentLink[]>('payment-links/', { environment, page_size: 100 })
  const [creating, setCreating] = useState(false)
  const action = useAction(['payment-links/'])
  const act = (request: () => Promise<unknown>) => void action.run(request)
  return (
    <>
      <PageHeader title="Payment links">
        {canEdit && !creating && (
          <button type="button" className="button-primary" onClick={() => setCreating(true)}>
            New payment link
          </button>
        )}
      </PageHeader>
      {creating && (
        <CreateLinkForm
          onCancel={() => setCreating(false)}
          onCreated={() => {
            setCreating(false)
          }}
        />
      )}
      <ErrorNote error={action.error} />
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
                      {l.name}
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
                    <td className="row-actions">
                      {canEdit && l.status !== 'deleted' && (
                        <>
                          <button
                            type="button"
                            className="button-quiet"
                            disabled={action.pending}
                            onClick={() =>
                              act(() => api('PATCH', `payment-links/${l.id}/`, { body: { is_active: !l.is_active } }))
                            }
                          >
                            {l.is_active ? 'Deactivate' : 'Activate'}
                          </button>
                          <button
                            type="button"
                            className="button-danger"
                            disabled={action.pending}
                            onClick={() =>
                              confirm(`Delete the payment link "${l.name}"?`) &&
                              act(() => api('DELETE', `payment-links/${l.id}/`))
                            }
                            aria-label={`Delete ${l.name}`}
                          >
                            Delete
                          </button>
                        </>
                      )}
                    </td>
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

function CreateLinkForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: () => void }) {
  const products = useApi<Product[]>('products/', { status: 'active', page_size: 100 })
  const [name, setName] = useState('')
  const [productId, setProductId] = useState('')
  const [quantity, setQuantity] = useState('1')
  const [currency, setCurrency] = useState('USD')
  const { environment } = useEnvironment()
  const [maxUses, setMaxUses] = useState('')
  const { pending, error, run } = useAction(['payment-links/'])
  const chosen = productId || products.data?.[0]?.id || ''
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void run(async () => {
      await api('POST', 'payment-links/', {
        body: {
          name: name.trim(),
          products: [{ product_id: chosen, quantity: Number(quantity) }],
          currency,
          environment,
          max_uses: maxUses ? Number(maxUses) : null,
        },
      })
      onCreated()
    })
  }
  if (!products.data || products.data.length === 0)
    return (
      <QueryView
        query={products}
        empty={<p className="muted">Create a product first: a payment link sells catalog products.</p>}
      >
        {() => null}
      </QueryView>
    )
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="create-link-title">
      <h2 id="create-link-title">New payment link</h2>
      <Field label="Name" hint="Shown to you only.">
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <div className="form-row">
        <Field label="Product">
          <select value={chosen} onChange={(e) => setProductId(e.target.value)}>
            {products.data.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Quantity">
          <input
            type="number"
            min={1}
            max={1000}
            required
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
        </Field>
      </div>
      <div className="form-row">
        <Field label="Currency">
          <select value={currency} onChange={(e) => setCurrency(e.target.value)}>
            <option>USD</option>
            <option>EUR</option>
          </select>
        </Field>
      </div>
      <Field label="Maximum payments" hint="Optional; empty for unlimited.">
        <input type="number" min={1} value={maxUses} onChange={(e) => setMaxUses(e.target.value)} />
      </Field>
      <ErrorNote error={error} />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create link'}
        </button>
        <button type="button" className="button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
