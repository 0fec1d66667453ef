import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { useEnvironment } from '../environment.tsx'
import { fromMinor, money, toMinor } from '../format.ts'
import { useApi, useApiMutation } from '../queries.ts'
import type { PaymentLink, Product } from '../types.ts'
import { ErrorNote, Field, QueryView, fieldError, formError } from '../ui.tsx'
import { CURRENCIES, priceIn } from './catalog.ts'
import { LinkProductRows, type LineDraft } from './LinkProductRows.tsx'
import { MetadataRows, metadataOf, metadataRows, type MetadataRow } from './MetadataRows.tsx'

// Creates a payment link (products, currency, pricing mode are fixed from then on) or edits one
// (name, expiry, maximum payments, metadata).

/** ISO → the `datetime-local` input's "YYYY-MM-DDTHH:mm" in the browser's time zone. */
const localInput = (iso: string | null) => {
  if (!iso) return ''
  const d = new Date(iso)
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
}
/** The input's local time as ISO 8601; what does not parse is sent as typed, for the server to name. */
const isoOf = (local: string) => {
  const d = new Date(local)
  return Number.isNaN(d.getTime()) ? local : d.toISOString()
}

const SHOWN =
  /^(name|expires_at|max_uses|metadata|currency|pricing_mode|products|products\.\d+\.(product_id|quantity))$/

export function PaymentLinkForm({
  link,
  onSaved,
  onCancel,
}: {
  link?: PaymentLink
  onSaved: (saved: PaymentLink) => void
  onCancel: () => void
}) {
  const products = useApi<Product[]>(link ? null : 'products/', { status: 'active', page_size: 100 })
  if (link) return <LinkFields link={link} products={[]} onSaved={onSaved} onCancel={onCancel} />
  return (
    <QueryView
      query={products}
      label="Loading products…"
      empty={
        <>
          <p className="muted">Create a product first: a payment link sells catalog products.</p>
          <button type="button" className="button-quiet" onClick={onCancel}>
            Cancel
          </button>
        </>
      }
    >
      {(data) => <LinkFields products={data} onSaved={onSaved} onCancel={onCancel} />}
    </QueryView>
  )
}

function LinkFields({
  link,
  products,
  onSaved,
  onCancel,
}: {
  link?: PaymentLink
  products: Product[]
  onSaved: (saved: PaymentLink) => void
  onCancel: () => void
}) {
  const { environment } = useEnvironment()
  const [name, setName] = useState(link?.name ?? '')
  const [lines, setLines] = useState<LineDraft[]>([{ productId: products[0]?.id ?? '', quantity: '1' }])
  const [currency, setCurrency] = useState('USD')
  const [pricingMode, setPricingMode] = useState('')
  const initialExpiry = localInput(link?.expires_at ?? null)
  const [expiresAt, setExpiresAt] = useState(initialExpiry)
  const [maxUses, setMaxUses] = useState(link?.max_uses ? String(link.max_uses) : '')
  const [metadata, setMetadata] = useState<MetadataRow[]>(link ? metadataRows(link.metadata) : [])
  const [problems, setProblems] = useState<Record<number, string>>({})
  const save = useApiMutation(
    (body: Record<string, unknown>) =>
      link
        ? api<PaymentLink>('PATCH', `payment-links/${link.id}/`, { body })
        : api<PaymentLink>('POST', 'payment-links/', { body }),
    { invalidates: ['payment-links/'], onSuccess: (saved) => onSaved(saved) },
  )
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const meta = metadataOf(metadata)
    setProblems(meta.problems ?? {})
    if (meta.problems) return
    const common = {
      name: name.trim(),
      max_uses: maxUses.trim() ? Number(maxUses) : null,
      metadata: meta.metadata,
    }
    if (link)
      return save.mutate({
        ...common,
        ...(expiresAt !== initialExpiry ? { expires_at: expiresAt ? isoOf(expiresAt) : null } : {}),
      })
    save.mutate({
      ...common,
      products: lines.map((l) => ({ product_id: l.productId, quantity: Number(l.quantity) })),
      currency,
      ...(pricingMode ? { pricing_mode: pricingMode } : {}),
      expires_at: expiresAt ? isoOf(expiresAt) : null,
      environment,
    })
  }
  const errorOf = (field: string) => fieldError(save.error, field)
  const total = lines.reduce<number | null>((sum, l) => {
    const unit = priceIn(
      products.find((p) => p.id === l.productId),
      currency,
    )
    const quantity = Number(l.quantity)
    if (sum === null || !unit || !Number.isInteger(quantity) || quantity < 1) return null
    return sum + (toMinor(unit.amount) ?? 0) * quantity
  }, 0)
  const titleId = link ? 'edit-link-title' : 'create-link-title'
  return (
    <form className="card form" onSubmit={submit} aria-labelledby={titleId} noValidate>
      <h2 id={titleId}>{link ? 'Edit payment link' : 'New payment link'}</h2>
      <Field label="Name" hint="Shown to you only." error={errorOf('name')}>
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      {!link && (
        <>
          <LinkProductRows
            lines={lines}
            onChange={setLines}
            products={products}
            currency={currency}
            errorOf={errorOf}
          />
          <div className="form-row">
            <Field label="Currency" error={errorOf('currency')}>
              <select value={currency} onChange={(e) => setCurrency(e.target.value)}>
                {CURRENCIES.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </Field>
            <Field label="Pricing mode" error={errorOf('pricing_mode')}>
              <select value={pricingMode} onChange={(e) => setPricingMode(e.target.value)}>
                <option value="">Organization default</option>
                <option value="TAX_EXCLUSIVE">Tax added on top</option>
                <option value="TAX_INCLUSIVE">Tax included in prices</option>
              </select>
            </Field>
          </div>
          <p className="muted" aria-live="polite">
            {total === null
              ? 'Total: —'
              : `Total: ${money(fromMinor(total), currency)} before tax for the buyer's country.`}
          </p>
        </>
      )}
      <div className="form-row">
        <Field label="Expires at" hint="Optional; your local time. Empty: never." error={errorOf('expires_at')}>
          <input type="datetime-local" value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} />
        </Field>
        <Field label="Maximum payments" hint="Optional; empty for unlimited." error={errorOf('max_uses')}>
          <input
            type="number"
            inputMode="numeric"
            min={1}
            value={maxUses}
            onChange={(e) => setMaxUses(e.target.value)}
          />
        </Field>
      </div>
      <MetadataRows rows={metadata} onChange={setMetadata} problems={problems} error={errorOf('metadata')} />
      <ErrorNote error={formError(save.error, (f) => SHOWN.test(f))} />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : link ? 'Save changes' : 'Create link'}
        </button>
        <button type="button" className="button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
