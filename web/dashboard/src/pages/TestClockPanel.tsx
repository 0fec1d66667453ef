import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { dateTime, money } from '../format.ts'
import { useAction, useApi } from '../queries.ts'
import type { Subscription, SubscriptionChange, TestClock } from '../types.ts'
import { ErrorNote, Field, QueryView } from '../ui.tsx'
import { subscriptionPath } from './Subscriptions.tsx'

/** "2027-01-15T10:30" in the browser's time zone, the value a datetime-local input takes. */
const localInput = (iso: string) => {
  const d = new Date(iso)
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
}

interface Ran {
  to: string
  lines: string[]
}

/** Sandbox: the subscription's test clock, advanced to a chosen time, with what the advance ran. */
export function TestClockPanel({
  clockId,
  subscriptionId,
  canEdit,
}: {
  clockId: string
  subscriptionId: string
  canEdit: boolean
}) {
  const clockPath = `test-clocks/${encodeURIComponent(clockId)}/`
  const clock = useApi<TestClock>(clockPath)
  const [to, setTo] = useState('')
  const [ran, setRan] = useState<Ran | null>(null)
  const { pending, error, run } = useAction(['subscriptions/', 'customers/', 'payments/', clockPath])
  const snapshot = () =>
    Promise.all([
      api<Subscription>('GET', subscriptionPath(subscriptionId)),
      api<SubscriptionChange[]>('GET', `${subscriptionPath(subscriptionId)}history/`),
    ])
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void run(async () => {
      const [before, beforeHistory] = await snapshot()
      const advanced = await api<TestClock>('POST', `${clockPath}advance/`, {
        body: { frozen_time: new Date(to).toISOString() },
      })
      const [after, afterHistory] = await snapshot()
      const known = new Set((before.charges ?? []).map((c) => c.id))
      const seen = new Set(beforeHistory.map((h) => h.id))
      const lines = [
        ...(after.charges ?? [])
          .filter((c) => !known.has(c.id))
          .reverse()
          .map((c) => `${c.kind} charge ${c.id}: ${money(c.amount, c.currency)}, ${c.status}`),
        ...afterHistory
          .filter((h) => !seen.has(h.id))
          .map((h) => `${h.reason.replace(/_/g, ' ')}: ${h.from_status ?? '—'} → ${h.to_status}`),
      ]
      setRan({ to: advanced.frozen_time, lines })
    })
  }
  return (
    <section className="card wide" aria-labelledby="clock-title">
      <h2 id="clock-title">Test clock</h2>
      <QueryView query={clock}>
        {(c) => (
          <>
            <p>
              <span className="mono">{c.id}</span> is at <strong>{dateTime(c.frozen_time)}</strong>.
            </p>
            {canEdit && (
              <form className="filters" onSubmit={submit} aria-label="Advance the test clock">
                <Field label="Advance to">
                  <input
                    type="datetime-local"
                    required
                    min={localInput(c.frozen_time)}
                    value={to}
                    onChange={(e) => setTo(e.target.value)}
                  />
                </Field>
                <button type="submit" className="button-primary" disabled={pending || !to}>
                  {pending ? 'Advancing…' : 'Advance clock'}
                </button>
              </form>
            )}
          </>
        )}
      </QueryView>
      <ErrorNote error={error} />
      {ran && (
        <div role="status" aria-label="What ran">
          <p>Advanced to {dateTime(ran.to)}.</p>
          {ran.lines.length === 0 ? (
            <p className="muted">Nothing was due.</p>
          ) : (
            <ul className="plain-list">
              {ran.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  )
}
