import type { Product } from '../types.ts'
import { Field } from '../ui.tsx'
import { priceIn, priceText } from './catalog.ts'

// The products a new payment link sells: one row per product with its quantity (1–50 rows).

export interface LineDraft {
  productId: string
  quantity: string
}

export const MAX_LINES = 50

export function LinkProductRows({
  lines,
  onChange,
  products,
  currency,
  errorOf,
}: {
  lines: LineDraft[]
  onChange: (lines: LineDraft[]) => void
  products: Product[]
  currency: string
  errorOf: (field: string) => string | undefined
}) {
  const update = (i: number, patch: Partial<LineDraft>) =>
    onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)))
  const unused = () => products.find((p) => !lines.some((l) => l.productId === p.id)) ?? products[0]
  return (
    <fieldset>
      <legend>Products</legend>
      {lines.map((line, i) => {
        const price = priceIn(
          products.find((p) => p.id === line.productId),
          currency,
        )
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
          <div className="line-row" key={i}>
            <Field
              label={`Product ${i + 1}`}
              hint={price ? priceText(price) : `No ${currency} price: pick another currency or product.`}
              error={errorOf(`products.${i}.product_id`)}
            >
              <select value={line.productId} onChange={(e) => update(i, { productId: e.target.value })}>
                {products.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={`Quantity ${i + 1}`} error={errorOf(`products.${i}.quantity`)}>
              <input
                type="number"
                inputMode="numeric"
                min={1}
                max={1000}
                value={line.quantity}
                onChange={(e) => update(i, { quantity: e.target.value })}
              />
            </Field>
            {lines.length > 1 && (
              <button
                type="button"
                className="button-quiet"
                aria-label={`Remove line ${i + 1}`}
                onClick={() => onChange(lines.filter((_, j) => j !== i))}
              >
                Remove
              </button>
            )}
          </div>
        )
      })}
      {errorOf('products') && (
        <p className="field-error" role="alert">
          {errorOf('products')}
        </p>
      )}
      {lines.length < MAX_LINES && (
        <button
          type="button"
          className="button-quiet"
          onClick={() => onChange([...lines, { productId: unused().id, quantity: '1' }])}
        >
          Add product
        </button>
      )}
    </fieldset>
  )
}
