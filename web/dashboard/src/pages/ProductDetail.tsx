import { useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { api } from '../api.ts'
import { dateTime } from '../format.ts'
import { Link } from '../Link.tsx'
import { useAction, useApi } from '../queries.ts'
import { navigate } from '../router.ts'
import type { Product } from '../types.ts'
import { Badge, ErrorNote, PageHeader, QueryView } from '../ui.tsx'
import { ProductForm } from './ProductForm.tsx'
import { priceText } from './catalog.ts'

/** /products/:id — the product, its prices, and (for builders) the edit form, archive/restore and delete. */
export function ProductView({ id, canEdit }: { id: string; canEdit: boolean }) {
  const product = useApi<Product>(`products/${encodeURIComponent(id)}/`)
  return (
    <>
      <p>
        <Link to="/products">← All products</Link>
      </p>
      <PageHeader title={product.data?.name ?? 'Product'}>
        {product.data && <Badge value={product.data.status} />}
      </PageHeader>
      <QueryView query={product}>{(data) => <ProductBody product={data} canEdit={canEdit} />}</QueryView>
    </>
  )
}

function ProductBody({ product, canEdit }: { product: Product; canEdit: boolean }) {
  const [saved, setSaved] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const action = useAction(['products/'])
  const client = useQueryClient()
  const path = `products/${encodeURIComponent(product.id)}/`
  const setStatus = (status: 'active' | 'archived') =>
    void action.run(async () => {
      await api('PATCH', path, { body: { status } })
      setNotice(status === 'archived' ? 'Archived: it can no longer be sold.' : 'Restored: it can be sold again.')
    })
  const remove = () =>
    confirm(`Delete the product "${product.name}"?`) &&
    void action.run(async () => {
      const archived = await api<Product | undefined>('DELETE', path)
      if (archived) setNotice('Payments or payment links refer to it, so it was archived instead of deleted.')
      else {
        // Gone: dropped from the cache first, so the refresh of the lists does not ask for it again.
        client.removeQueries({ queryKey: [path] })
        navigate('/products', { replace: true })
      }
    })
  return (
    <>
      {canEdit && (
        <div className="page-actions">
          {product.status === 'active' ? (
            <button type="button" disabled={action.pending} onClick={() => setStatus('archived')}>
              Archive
            </button>
          ) : (
            <button type="button" disabled={action.pending} onClick={() => setStatus('active')}>
              Restore
            </button>
          )}
          <button type="button" className="button-danger" disabled={action.pending} onClick={remove}>
            Delete
          </button>
        </div>
      )}
      {notice && (
        <p className="success" role="status">
          {notice}
        </p>
      )}
      <ErrorNote error={action.error} />
      <div className="detail-grid">
        <section className="card wide" aria-labelledby="product-facts">
          <h2 id="product-facts">Details</h2>
          <dl className="facts">
            <dt>Id</dt>
            <dd className="mono break">{product.id}</dd>
            <dt>Description</dt>
            <dd>{product.description ?? <span className="muted">None</span>}</dd>
            <dt>Prices</dt>
            <dd>
              {product.prices.map((p) => (
                <div key={p.currency}>{priceText(p)}</div>
              ))}
            </dd>
            <dt>Created</dt>
            <dd>{dateTime(product.created_at)}</dd>
            <dt>Updated</dt>
            <dd>{dateTime(product.updated_at)}</dd>
          </dl>
        </section>
      </div>
      {canEdit && (
        <>
          {saved && (
            <p className="success" role="status">
              Saved. Payment links and past payments keep the prices they were made with.
            </p>
          )}
          <ProductForm key={product.updated_at} product={product} onSaved={() => setSaved(true)} />
        </>
      )}
    </>
  )
}
