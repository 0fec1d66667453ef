import { useRef, useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { money, toMinor } from '../format.ts'
import { Link } from '../Link.tsx'
import { useAction } from '../queries.ts'
import type { Subscription, SubscriptionCharge } from '../types.ts'
import { ErrorNote, Field, fieldError, formError } from '../ui.tsx'
import { subscriptionPath } from './Subscriptions.tsx'

const CHARGEABLE = ['active', 'past_due', 'trialing']

/**
 * A manual charge. Each submit sends one Idempotency-Key, kept when the same charge is tried again
 * after a failure (a lost answer must not charge twice) and renewed once it succeeds or the form changes.
 */
export function ManualCharge({ subscription: s }: { subscription: Subscription }) {
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [charged, setCharged] = useState<SubscriptionCharge | null>(null)
  const key = useRef<string | null>(null)
  const { pending, error, run } = useAction(['subscriptions/', 'customers/', 'payments/'])
  if (!CHARGEABLE.includes(s.status)) return null
  const edit = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value)
    key.current = null
    setCharged(null)
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (pending) return
    key.current ??= crypto.randomUUID()
    const headers = { 'idempotency-key': key.current }
    void run(async () => {
      const body = { kind: 'manual', amount: amount.trim(), reason: reason.trim() || undefined }
      const charge = await api<SubscriptionCharge>('POST', `${subscriptionPath(s.id)}charges/`, { body, headers })
      key.current = null
      setCharged(charge)
      setAmount('')
      setReason('')
    })
  }
  const valid = toMinor(amount) !== null && (toMinor(amount) ?? 0) > 0
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="manual-charge-title">
      <h2 id="manual-charge-title">Manual charge</h2>
      <p className="muted small">Charges the saved card now, tax as at checkout.</p>
      <Field label={`Charge amount (${s.currency})`} error={fieldError(error, 'amount')}>
        <input inputMode="decimal" required value={amount} onChange={edit(setAmount)} placeholder="0.00" />
      </Field>
      <Field label="Charge reason" hint="Shown to the customer; optional" error={fieldError(error, 'reason')}>
        <input maxLength={200} value={reason} onChange={edit(setReason)} />
      </Field>
      <ErrorNote error={formError(error, (f) => f === 'amount' || f === 'reason')} />
      {charged && (
        <p className="success" role="status">
          Charged {money(charged.amount, charged.currency)}:{' '}
          <Link to={`/payments/${encodeURIComponent(charged.id)}`}>{charged.id}</Link> ({charged.status}).
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending || !valid}>
          {pending ? 'Charging…' : 'Charge now'}
        </button>
      </div>
    </form>
  )
}
