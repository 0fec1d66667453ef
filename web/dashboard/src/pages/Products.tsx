import { useState } from 'react'
import { api } from '../api.ts'
import { dateTime } from '../format.ts'
import { Link } from '../Link.tsx'
import type { Product } from '../types.ts'
import { useAction, useApi } from '../queries.ts'
import { Badge, ErrorNote, PageHeader, QueryView, InlineField } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'
import { ProductForm } from './ProductForm.tsx'
import { priceText } from './catalog.ts'

type StatusFilter = 'active' | 'archived' | ''

export function Products({ canEdit }: { canEdit: boolean }) {
  const [status, setStatus] = useState<StatusFilter>('active')
  const products = useApi<Product[]>('products/', { status, page_size: 100 })
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<Product | null>(null)
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
          <button
            type="button"
            className="button-primary"
            onClick={() => {
              setCreating(true)
              setCreated(null)
            }}
          >
            New product
          </button>
        )}
      </PageHeader>
      {creating && (
        <ProductForm
          onCancel={() => setCreating(false)}
          onSaved={(product) => {
            setCreating(false)
            setCreated(product)
          }}
        />
      )}
      {created && (
        <p className="success" role="status">
          Created <Link to={`/products/${encodeURIComponent(created.id)}`}>{created.name}</Link>.
        </p>
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
                      <Link to={`/products/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                      <div className="muted small mono">{p.id}</div>
                    </td>
                    <td>
                      {p.prices.map((price) => (
                        <div key={price.currency}>{priceText(price)}</div>
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
