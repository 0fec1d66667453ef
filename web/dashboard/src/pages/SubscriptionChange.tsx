import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { dateTime, money } from '../format.ts'
import { useAction } from '../queries.ts'
import type { ChangePreview, Subscription } from '../types.ts'
import { ErrorNote, Field } from '../ui.tsx'
import { isRecurring, subscriptionPath, useRecurringProducts } from './Subscriptions.tsx'

const CHANGEABLE = ['active', 'trialing', 'past_due']

type ChangeBody = { product_id?: string; quantity?: number; proration_behavior: 'create_prorations' | 'none' }

/**
 * Plan change in two steps: POST …/preview/ shows the exact charge, then the same body is PATCHed.
 * Editing the form after a preview drops it, so what is confirmed is always what was shown.
 */
export function PlanChange({ subscription: s }: { subscription: Subscription }) {
  const products = useRecurringProducts()
  const [productId, setProductId] = useState(s.plan.product_id)
  const [quantity, setQuantity] = useState(String(s.quantity))
  const [prorate, setProrate] = useState(true)
  const [preview, setPreview] = useState<{ body: ChangeBody; result: ChangePreview } | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const previewing = useAction()
  const applying = useAction(['subscriptions/', 'customers/', 'payments/'])
  if (!CHANGEABLE.includes(s.status)) return null
  const edit = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value)
    setPreview(null)
    setDone(null)
  }
  const body = (): ChangeBody => ({
    product_id: productId !== s.plan.product_id ? productId : undefined,
    quantity: Number(quantity) !== s.quantity ? Number(quantity) : undefined,
    proration_behavior: prorate ? 'create_prorations' : 'none',
  })
  const unchanged = productId === s.plan.product_id && Number(quantity) === s.quantity
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const request = body()
    void previewing.run(async () => {
      const result = await api<ChangePreview>('POST', `${subscriptionPath(s.id)}preview/`, { body: request })
      setPreview({ body: request, result })
    })
  }
  const confirmChange = () =>
    preview &&
    void applying.run(async () => {
      await api('PATCH', subscriptionPath(s.id), { body: preview.body })
      setDone(preview.result.amount_due)
      setPreview(null)
    })
  const plans = (products.data ?? []).filter(isRecurring)
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="plan-change-title">
      <h2 id="plan-change-title">Change plan</h2>
      <Field label="New plan">
        <select value={productId} onChange={edit(setProductId)}>
          {!plans.some((p) => p.id === s.plan.product_id) && <option value={s.plan.product_id}>{s.plan.name}</option>}
          {plans.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="New quantity">
        <input type="number" min={1} max={10000} required value={quantity} onChange={edit(setQuantity)} />
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={prorate}
          onChange={(e) => {
            setProrate(e.target.checked)
            setPreview(null)
          }}
        />
        Prorate: credit the unused time, charge the rest of the period now
      </label>
      <ErrorNote error={previewing.error ?? applying.error} />
      {preview && <PreviewLines preview={preview.result} />}
      {done && (
        <p className="success" role="status">
          Plan changed; charged {money(done, s.currency)} now (before tax).
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-quiet" disabled={unchanged || previewing.pending}>
          {previewing.pending ? 'Previewing…' : 'Preview change'}
        </button>
        {preview && (
          <button type="button" className="button-primary" disabled={applying.pending} onClick={confirmChange}>
            Confirm change
          </button>
        )}
      </div>
    </form>
  )
}

function PreviewLines({ preview: p }: { preview: ChangePreview }) {
  return (
    <section aria-label="Preview" className="notice">
      <ul className="plain-list">
        {p.lines.map((line, i) => (
          <li key={i}>
            {line.kind === 'unused_time' ? 'Unused time credited' : 'Remaining time charged'}:{' '}
            {money(line.amount, p.currency)}{' '}
            <span className="muted small">
              {dateTime(line.from)} – {dateTime(line.to)}
            </span>
          </li>
        ))}
      </ul>
      <dl className="facts">
        <dt>Credit applied</dt>
        <dd>{money(p.credit_applied, p.currency)}</dd>
        <dt>Due now</dt>
        <dd>
          <strong>{money(p.amount_due, p.currency)}</strong> <span className="muted small">before tax</span>
        </dd>
        <dt>Credit after</dt>
        <dd>{money(p.credit_balance_after, p.currency)}</dd>
      </dl>
    </section>
  )
}
