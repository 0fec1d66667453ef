import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import type { Product } from '../types.ts'
import { useApiMutation } from '../queries.ts'
import { ErrorNote, Field, fieldError, formError } from '../ui.tsx'
import { CURRENCIES, INTERVALS, cadence, type Currency, type Interval } from './catalog.ts'

// One form creates a product (POST) and edits it (PATCH): name, description and the whole price list.

interface PriceDraft {
  amount: string
  interval: Interval | ''
  count: string
  trial: string
}

const draftOf = (product: Product | undefined, currency: Currency): PriceDraft => {
  const price = product?.prices.find((p) => p.currency === currency)
  return {
    amount: price?.amount ?? '',
    interval: price?.recurring_interval ?? '',
    count: String(price?.recurring_interval_count ?? 1),
    trial: price?.trial_days ? String(price.trial_days) : '',
  }
}

/** The API's price input; a field the merchant typed wrong is sent as typed so the server names it. */
const priceBody = (currency: Currency, d: PriceDraft) => ({
  currency,
  amount: d.amount.trim(),
  recurring_interval: d.interval || null,
  ...(d.interval
    ? { recurring_interval_count: Number(d.count || 1), trial_days: d.trial.trim() ? Number(d.trial) : null }
    : {}),
})

export function ProductForm({
  product,
  onSaved,
  onCancel,
}: {
  product?: Product
  onSaved: (saved: Product) => void
  onCancel?: () => void
}) {
  const [name, setName] = useState(product?.name ?? '')
  const [description, setDescription] = useState(product?.description ?? '')
  const [drafts, setDrafts] = useState({ USD: draftOf(product, 'USD'), EUR: draftOf(product, 'EUR') })
  // The currencies in the order they were sent: the server names a price by its index (prices.1.amount).
  const [sent, setSent] = useState<Currency[]>([])
  const save = useApiMutation(
    (body: Record<string, unknown>) =>
      product
        ? api<Product>('PATCH', `products/${encodeURIComponent(product.id)}/`, { body })
        : api<Product>('POST', 'products/', { body }),
    { invalidates: ['products/'], onSuccess: (saved) => onSaved(saved) },
  )
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const currencies = CURRENCIES.filter((c) => drafts[c].amount.trim() !== '')
    setSent(currencies)
    save.mutate({
      name: name.trim(),
      description: description.trim() || null,
      prices: currencies.map((c) => priceBody(c, drafts[c])),
    })
  }
  const priceError = (currency: Currency, field: string) => {
    const i = sent.indexOf(currency)
    return i < 0 ? undefined : fieldError(save.error, `prices.${i}.${field}`)
  }
  const shown = (field: string) =>
    /^(name|description|prices\.\d+\.(amount|currency|recurring_interval|recurring_interval_count|trial_days))$/.test(
      field,
    )
  const titleId = product ? 'edit-product-title' : 'create-product-title'
  return (
    <form className="card form" onSubmit={submit} aria-labelledby={titleId} noValidate>
      <h2 id={titleId}>{product ? 'Edit product' : 'New product'}</h2>
      <Field label="Name" error={fieldError(save.error, 'name')}>
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label="Description" error={fieldError(save.error, 'description')}>
        <textarea maxLength={2000} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      {CURRENCIES.map((currency) => (
        <PriceFields
          key={currency}
          currency={currency}
          draft={drafts[currency]}
          onChange={(d) => setDrafts((all) => ({ ...all, [currency]: d }))}
          errorOf={(field) => priceError(currency, field)}
        />
      ))}
      <ErrorNote error={formError(save.error, shown)} />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : product ? 'Save product' : 'Create product'}
        </button>
        {onCancel && (
          <button type="button" className="button-quiet" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  )
}

function PriceFields({
  currency,
  draft,
  onChange,
  errorOf,
}: {
  currency: Currency
  draft: PriceDraft
  onChange: (d: PriceDraft) => void
  errorOf: (field: string) => string | undefined
}) {
  const set = (field: keyof PriceDraft) => (e: { target: { value: string } }) =>
    onChange({ ...draft, [field]: e.target.value })
  const count = Number(draft.count)
  const summary =
    draft.interval && Number.isInteger(count) && count >= 1
      ? `Bills ${cadence({ recurring_interval: draft.interval, recurring_interval_count: count, trial_days: Number(draft.trial) || null })}.`
      : null
  return (
    <fieldset>
      <legend>{currency} price</legend>
      <div className="form-row">
        <Field
          label={`Price in ${currency}`}
          hint={`e.g. 49.99; empty: not sold in ${currency}.`}
          error={errorOf('amount') ?? errorOf('currency')}
        >
          <input inputMode="decimal" autoComplete="off" value={draft.amount} onChange={set('amount')} />
        </Field>
        <Field label={`Billing (${currency})`} error={errorOf('recurring_interval')}>
          <select value={draft.interval} onChange={set('interval')}>
            <option value="">One-off</option>
            {INTERVALS.map((i) => (
              <option key={i.value} value={i.value}>
                {i.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {draft.interval && (
        <div className="form-row">
          <Field
            label={`Interval count (${currency})`}
            hint={`Bills every N ${draft.interval}s.`}
            error={errorOf('recurring_interval_count')}
          >
            <input type="number" inputMode="numeric" min={1} max={365} value={draft.count} onChange={set('count')} />
          </Field>
          <Field label={`Trial days (${currency})`} hint="Optional free trial." error={errorOf('trial_days')}>
            <input type="number" inputMode="numeric" min={1} max={365} value={draft.trial} onChange={set('trial')} />
          </Field>
        </div>
      )}
      {summary && (
        <p className="muted small" aria-live="polite">
          {summary}
        </p>
      )}
    </fieldset>
  )
}
