import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { useAction } from '../queries.ts'
import type { Organization } from '../types.ts'
import { ErrorNote, Field, fieldError, formError } from '../ui.tsx'

const FINAL_ACTIONS = [
  { value: 'unpaid', label: 'Mark unpaid (keep it, stop charging)' },
  { value: 'cancel', label: 'Cancel the subscription' },
  { value: 'pause', label: 'Pause the subscription' },
] as const

const SHOWN = ['timezone', 'dunning.retry_days', 'dunning.final_action']

/** Every IANA zone the browser knows, with the saved one first if the browser lacks it. */
function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  const all = zones.includes('UTC') ? zones : ['UTC', ...zones]
  return all.includes(current) ? all : [current, ...all]
}

/** "1, 3, 7" → [1, 3, 7]; anything else is sent as typed so the server's field error names it. */
const parseDays = (s: string) =>
  s
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((d) => (/^\d+$/.test(d) ? Number(d) : d))

/** Time zone of billing periods and dunning of failed renewals: PATCH /api/organization/. */
export function BillingSettings({
  organization,
  canEdit,
  onSaved,
}: {
  organization: Organization
  canEdit: boolean
  onSaved: (o: Organization) => void
}) {
  const [timezone, setTimezone] = useState(organization.timezone)
  const [retryDays, setRetryDays] = useState(organization.dunning.retry_days.join(', '))
  const [finalAction, setFinalAction] = useState<string>(organization.dunning.final_action)
  const [done, setDone] = useState(false)
  const { pending, error, run } = useAction(['organization/'])
  const change = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value)
    setDone(false)
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void run(async () => {
      const body = { timezone, dunning: { retry_days: parseDays(retryDays), final_action: finalAction } }
      const updated = await api<Organization>('PATCH', 'organization/', { body })
      setRetryDays(updated.dunning.retry_days.join(', '))
      onSaved(updated)
      setDone(true)
    })
  }
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="billing-title">
      <h2 id="billing-title">Subscriptions billing</h2>
      <fieldset disabled={!canEdit} className="plain">
        <Field
          label="Time zone"
          hint="Billing periods start and end at midnight here"
          error={fieldError(error, 'timezone')}
        >
          <select value={timezone} onChange={change(setTimezone)}>
            {timeZones(organization.timezone).map((z) => (
              <option key={z}>{z}</option>
            ))}
          </select>
        </Field>
        <Field
          label="Retry days"
          hint="Days after a failed renewal to retry it, e.g. 1, 3, 7 (at most 8, up to 60)"
          error={fieldError(error, 'dunning.retry_days')}
        >
          <input value={retryDays} onChange={change(setRetryDays)} />
        </Field>
        <Field label="After the last failed retry" error={fieldError(error, 'dunning.final_action')}>
          <select value={finalAction} onChange={change(setFinalAction)}>
            {FINAL_ACTIONS.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>
      <ErrorNote error={formError(error, (f) => SHOWN.includes(f))} />
      {done && (
        <p className="success" role="status">
          Billing settings saved.
        </p>
      )}
      {canEdit && (
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={pending}>
            {pending ? 'Saving…' : 'Save billing settings'}
          </button>
        </div>
      )}
    </form>
  )
}
