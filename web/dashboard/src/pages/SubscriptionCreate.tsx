import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { useEnvironment } from '../environment.tsx'
import { Link } from '../Link.tsx'
import { useAction } from '../queries.ts'
import type { Subscription, TestClock } from '../types.ts'
import { CopyButton, ErrorNote, Field, fieldError, formError, PageHeader, QueryView } from '../ui.tsx'
import { isRecurring, useRecurringProducts } from './Subscriptions.tsx'

const BLANK = {
  product_id: '',
  currency: 'USD',
  quantity: '1',
  email: '',
  first_name: '',
  last_name: '',
  country: '',
  postal_code: '',
  trial_days: '',
  cycle_count: '',
  test_clock_id: '',
}

const FIELDS = [
  'product_id',
  'currency',
  'quantity',
  'customer.email',
  'customer.first_name',
  'customer.last_name',
  'customer.country',
  'customer.postal_code',
  'trial_days',
  'cycle_count',
  'test_clock_id',
]

const optionalInt = (s: string) => (s.trim() === '' ? undefined : Number(s))

export function SubscriptionCreate() {
  const { environment } = useEnvironment()
  const products = useRecurringProducts()
  const [form, setForm] = useState(BLANK)
  const [created, setCreated] = useState<Subscription | null>(null)
  const { pending, error, run } = useAction(['subscriptions/', 'customers/'])
  const clock = useAction()
  const set = (field: keyof typeof BLANK) => (e: { target: { value: string } }) =>
    setForm({ ...form, [field]: e.target.value })

  const submit = (e: FormEvent) => {
    e.preventDefault()
    void run(async () => {
      const body = {
        environment,
        product_id: form.product_id,
        currency: form.currency,
        quantity: optionalInt(form.quantity),
        customer: {
          email: form.email.trim(),
          first_name: form.first_name,
          last_name: form.last_name,
          country: form.country.trim().toUpperCase(),
          postal_code: form.postal_code.trim() || undefined,
        },
        trial_days: optionalInt(form.trial_days),
        cycle_count: optionalInt(form.cycle_count),
        // Test clocks are sandbox only; a clock typed before switching to production is not sent.
        test_clock_id: (environment === 'sandbox' && form.test_clock_id.trim()) || undefined,
      }
      setCreated(await api<Subscription>('POST', 'subscriptions/', { body }))
    })
  }
  const newClock = () =>
    void clock.run(async () => {
      const made = await api<TestClock>('POST', 'test-clocks/', { body: { frozen_time: new Date().toISOString() } })
      setForm((f) => ({ ...f, test_clock_id: made.id }))
    })

  if (created)
    return (
      <>
        <PageHeader title="Subscription created" />
        <section className="card" aria-labelledby="checkout-link-title">
          <h2 id="checkout-link-title">Checkout link</h2>
          <p>
            Send this link to {created.customer.email}: they pay the first charge there
            {created.trial_end || form.trial_days ? ' (with a trial: save a card)' : ''} and agree to later charges.
          </p>
          <p className="secret">
            <code>{created.checkout_url ?? created.billing_url}</code>{' '}
            <CopyButton value={created.checkout_url ?? created.billing_url} label="Copy link" />
          </p>
          <div className="form-actions">
            <Link to={`/subscriptions/${encodeURIComponent(created.id)}`} className="button-primary">
              Open subscription {created.id}
            </Link>
            <button type="button" className="button-quiet" onClick={() => setCreated(null)}>
              Create another
            </button>
          </div>
        </section>
      </>
    )
  return (
    <>
      <p>
        <Link to="/subscriptions">← All subscriptions</Link>
      </p>
      <PageHeader title="New subscription" />
      <QueryView
        query={products}
        isEmpty={(d) => !d.some(isRecurring)}
        empty={
          <p className="muted">
            No product has a recurring price yet: add one in <Link to="/products">Products</Link>.
          </p>
        }
      >
        {(data) => (
          <form className="card form" onSubmit={submit} aria-label="New subscription">
            <Field label="Product" error={fieldError(error, 'product_id')}>
              <select required value={form.product_id} onChange={set('product_id')}>
                <option value="">Choose a plan…</option>
                {data.filter(isRecurring).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </Field>
            <div className="form-row">
              <Field label="Currency" error={fieldError(error, 'currency')}>
                <select value={form.currency} onChange={set('currency')}>
                  <option>USD</option>
                  <option>EUR</option>
                </select>
              </Field>
              <Field label="Quantity" error={fieldError(error, 'quantity')}>
                <input type="number" min={1} max={10000} required value={form.quantity} onChange={set('quantity')} />
              </Field>
            </div>
            <fieldset className="plain">
              <legend>Customer</legend>
              <Field label="Email" error={fieldError(error, 'customer.email')}>
                <input type="email" required maxLength={254} value={form.email} onChange={set('email')} />
              </Field>
              <div className="form-row">
                <Field label="First name" error={fieldError(error, 'customer.first_name')}>
                  <input required maxLength={100} value={form.first_name} onChange={set('first_name')} />
                </Field>
                <Field label="Last name" error={fieldError(error, 'customer.last_name')}>
                  <input required maxLength={100} value={form.last_name} onChange={set('last_name')} />
                </Field>
              </div>
              <div className="form-row">
                <Field label="Country" hint="Two letters, e.g. FR" error={fieldError(error, 'customer.country')}>
                  <input required minLength={2} maxLength={2} value={form.country} onChange={set('country')} />
                </Field>
                <Field label="Postal code" hint="Required in the US" error={fieldError(error, 'customer.postal_code')}>
                  <input maxLength={20} value={form.postal_code} onChange={set('postal_code')} />
                </Field>
              </div>
            </fieldset>
            <div className="form-row">
              <Field
                label="Trial days"
                hint="Optional; the plan's own trial otherwise"
                error={fieldError(error, 'trial_days')}
              >
                <input type="number" min={1} max={365} value={form.trial_days} onChange={set('trial_days')} />
              </Field>
              <Field
                label="Cycle count"
                hint="Optional; ends after this many periods"
                error={fieldError(error, 'cycle_count')}
              >
                <input type="number" min={1} max={10000} value={form.cycle_count} onChange={set('cycle_count')} />
              </Field>
            </div>
            {environment === 'sandbox' && (
              <div className="form-row">
                <Field
                  label="Test clock"
                  hint="Optional: the subscription runs on this clock's time"
                  error={fieldError(error, 'test_clock_id')}
                >
                  <input maxLength={64} value={form.test_clock_id} onChange={set('test_clock_id')} />
                </Field>
                <div className="form-actions">
                  <button type="button" className="button-quiet" disabled={clock.pending} onClick={newClock}>
                    New test clock
                  </button>
                </div>
              </div>
            )}
            <ErrorNote error={clock.error ?? formError(error, (f) => FIELDS.includes(f))} />
            <div className="form-actions">
              <button type="submit" className="button-primary" disabled={pending}>
                {pending ? 'Creating…' : 'Create subscription'}
              </button>
            </div>
          </form>
        )}
      </QueryView>
    </>
  )
}
