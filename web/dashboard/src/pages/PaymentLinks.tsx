import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { money } from '../format.ts'
import type { Environment, PaymentLink, Product } from '../types.ts'
import { Badge, ErrorNote, Field, Loading, PageHeader, useAction, useLoad } from '../ui.tsx'

export function PaymentLinks({ canEdit }: { canEdit: boolean }) {
  const { data, error, reload } = useLoad(
    () => api<PaymentLink[]>('GET', 'payment-links/', { query: { page_size: 100 } }),
    [],
  )
  const [creating, setCreating] = useState(false)
  const action = useAction()
  const act = (request: () => Promise<unknown>) =>
    void action.run(async () => {
      await request()
      reload()
    })
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
            reload()
          }}
        />
      )}
      <ErrorNote message={action.error} />
      {!data ? (
        <Loading error={error} />
      ) : data.length === 0 ? (
        <p className="muted">No payment link yet: a link sells fixed products without any integration.</p>
      ) : (
        <div className="table-wrap">
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
                    {l.environment === 'sandbox' && <span className="tag">test</span>}
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
    </>
  )
}

function CreateLinkForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: () => void }) {
  const products = useLoad(
    () => api<Product[]>('GET', 'products/', { query: { status: 'active', page_size: 100 } }),
    [],
  )
  const [name, setName] = useState('')
  const [productId, setProductId] = useState('')
  const [quantity, setQuantity] = useState('1')
  const [currency, setCurrency] = useState('USD')
  const [environment, setEnvironment] = useState<Environment>('sandbox')
  const [maxUses, setMaxUses] = useState('')
  const { pending, error, run } = useAction()
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
  if (!products.data) return <Loading error={products.error} />
  if (products.data.length === 0)
    return <p className="muted">Create a product first: a payment link sells catalog products.</p>
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
        <Field label="Environment">
          <select value={environment} onChange={(e) => setEnvironment(e.target.value as Environment)}>
            <option value="sandbox">Sandbox</option>
            <option value="production">Production</option>
          </select>
        </Field>
      </div>
      <Field label="Maximum payments" hint="Optional; empty for unlimited.">
        <input type="number" min={1} value={maxUses} onChange={(e) => setMaxUses(e.target.value)} />
      </Field>
      <ErrorNote message={error} />
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
