import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { dateTime, money } from '../format.ts'
import type { Product } from '../types.ts'
import { useAction, useApi } from '../queries.ts'
import { Badge, ErrorNote, Field, PageHeader, QueryView, InlineField } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'

type StatusFilter = 'active' | 'archived' | ''

export function Products({ canEdit }: { canEdit: boolean }) {
  const [status, setStatus] = useState<StatusFilter>('active')
  const products = useApi<Product[]>('products/', { status, page_size: 100 })
  const [creating, setCreating] = useState(false)
  const action = useAction(['products/'])

  const setProductStatus = (product: Product, next: 'active' | 'archived') =>
    void action.run(async () => {
      await api('PATCH', `products/${product.id}/`, { body: { status: next } })
    })

  return (
    <>
      <PageHeader title="Products">
        <InlineField label="Show">
          <select value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            <option value="active">Active</option>
            <option value="archived">Archived</option>
            <option value="">All</option>
          </select>
        </InlineField>
        {canEdit && !creating && (
          <button type="button" className="button-primary" onClick={() => setCreating(true)}>
            New product
          </button>
        )}
      </PageHeader>
      {creating && (
        <CreateProductForm
          onCancel={() => setCreating(false)}
          onCreated={() => {
            setCreating(false)
          }}
        />
      )}
      <ErrorNote error={action.error} />
      <QueryView query={products} empty={<p className="muted">No products here.</p>}>
        {(data) => (
          <div {...scrollRegion('Products')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Prices</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.map((p) => (
                  <tr key={p.id}>
                    <td>
                      {p.name}
                      <div className="muted small mono">{p.id}</div>
                    </td>
                    <td>
                      {p.prices.map((price) => (
                        <div key={price.currency}>
                          {money(price.amount, price.currency)}
                          {price.recurring_interval && <span className="muted"> / {price.recurring_interval}</span>}
                        </div>
                      ))}
                    </td>
                    <td>
                      <Badge value={p.status} />
                    </td>
                    <td className="small">{dateTime(p.created_at)}</td>
                    <td className="row-actions">
                      {canEdit &&
                        (p.status === 'active' ? (
                          <button
                            type="button"
                            className="button-quiet"
                            disabled={action.pending}
                            onClick={() => setProductStatus(p, 'archived')}
                            aria-label={`Archive ${p.name}`}
                          >
                            Archive
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="button-quiet"
                            disabled={action.pending}
                            onClick={() => setProductStatus(p, 'active')}
                            aria-label={`Restore ${p.name}`}
                          >
                            Restore
                          </button>
                        ))}
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

function CreateProductForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: () => void }) {
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [usd, setUsd] = useState('')
  const [eur, setEur] = useState('')
  const [interval, setInterval] = useState('')
  const { pending, error, run } = useAction(['products/'])
  const [formError, setError] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const prices = [
      ['USD', usd],
      ['EUR', eur],
    ]
      .filter(([, amount]) => amount.trim())
      .map(([currency, amount]) => ({ currency, amount: amount.trim() }))
    if (prices.length === 0) return setError('Give at least one price (USD or EUR).')
    setError(null)
    void run(async () => {
      await api('POST', 'products/', {
        body: {
          name: name.trim(),
          description: description.trim() || null,
          prices,
          recurring_interval: interval || null,
        },
      })
      onCreated()
    })
  }
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="create-product-title">
      <h2 id="create-product-title">New product</h2>
      <Field label="Name">
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label="Description">
        <textarea maxLength={2000} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <div className="form-row">
        <Field label="Price in USD" hint="e.g. 49.99">
          <input
            inputMode="decimal"
            pattern="[0-9]+([.][0-9]{1,2})?"
            value={usd}
            onChange={(e) => setUsd(e.target.value)}
          />
        </Field>
        <Field label="Price in EUR">
          <input
            inputMode="decimal"
            pattern="[0-9]+([.][0-9]{1,2})?"
            value={eur}
            onChange={(e) => setEur(e.target.value)}
          />
        </Field>
      </div>
      <Field label="Billing">
        <select value={interval} onChange={(e) => setInterval(e.target.value)}>
          <option value="">One-off</option>
          <option value="day">Daily</option>
          <option value="week">Weekly</option>
          <option value="month">Monthly</option>
          <option value="year">Yearly</option>
        </select>
      </Field>
      <ErrorNote error={formError ?? error} />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Saving…' : 'Create product'}
        </button>
        <button type="button" className="button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
