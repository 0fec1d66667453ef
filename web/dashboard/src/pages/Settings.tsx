import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { money } from '../format.ts'
import type { Organization } from '../types.ts'
import { useAction, useApi } from '../queries.ts'
import { ErrorNote, Field, fieldError, formError, PageHeader, QueryView } from '../ui.tsx'
import { BillingSettings } from './SettingsBilling.tsx'

type Editable = Pick<Organization, 'name' | 'website' | 'contact_email' | 'telegram' | 'price_mode'>

export function Settings({ canEdit }: { canEdit: boolean }) {
  const organization = useApi<Organization>('organization/')
  return (
    <>
      <PageHeader title="Organization settings" />
      <QueryView query={organization}>{(data) => <SettingsForm organization={data} canEdit={canEdit} />}</QueryView>
    </>
  )
}

const PROFILE_FIELDS = ['name', 'website', 'contact_email', 'telegram', 'price_mode']

const blankToNull = (s: string | null) => (s && s.trim() ? s.trim() : null)

function SettingsForm({ organization, canEdit }: { organization: Organization; canEdit: boolean }) {
  const [form, setForm] = useState<Editable>(organization)
  const [saved, setSaved] = useState<Organization>(organization)
  const [done, setDone] = useState(false)
  const { pending, error, run } = useAction(['organization/'])
  const set = (field: keyof Editable) => (e: { target: { value: string } }) => {
    setForm({ ...form, [field]: e.target.value })
    setDone(false)
  }

  const submit = (e: FormEvent) => {
    e.preventDefault()
    void run(async () => {
      const body = {
        name: form.name.trim(),
        website: blankToNull(form.website),
        contact_email: blankToNull(form.contact_email),
        telegram: blankToNull(form.telegram),
        price_mode: form.price_mode,
      }
      const updated = await api<Organization>('PATCH', 'organization/', { body })
      setSaved(updated)
      setForm(updated)
      setDone(true)
    })
  }

  return (
    <div className="settings">
      <form className="card form" onSubmit={submit} aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <fieldset disabled={!canEdit} className="plain">
          <Field label="Organization name" error={fieldError(error, 'name')}>
            <input required maxLength={200} value={form.name} onChange={set('name')} />
          </Field>
          <Field label="Website" hint="https://…" error={fieldError(error, 'website')}>
            <input type="url" value={form.website ?? ''} onChange={set('website')} />
          </Field>
          <Field label="Contact email" error={fieldError(error, 'contact_email')}>
            <input type="email" value={form.contact_email ?? ''} onChange={set('contact_email')} />
          </Field>
          <Field label="Telegram" hint="e.g. @myshop" error={fieldError(error, 'telegram')}>
            <input value={form.telegram ?? ''} onChange={set('telegram')} />
          </Field>
          <Field label="Prices are entered" error={fieldError(error, 'price_mode')}>
            <select value={form.price_mode} onChange={set('price_mode')}>
              <option value="HT">Excluding tax (HT)</option>
              <option value="TTC">Including tax (TTC)</option>
            </select>
          </Field>
        </fieldset>
        <ErrorNote error={formError(error, (f) => PROFILE_FIELDS.includes(f))} />
        {done && (
          <p className="success" role="status">
            Saved.
          </p>
        )}
        {canEdit ? (
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={pending}>
              {pending ? 'Saving…' : 'Save changes'}
            </button>
          </div>
        ) : (
          <p className="muted small">Your role can read the profile, not change it.</p>
        )}
      </form>
      <BillingSettings organization={saved} canEdit={canEdit} onSaved={setSaved} />
      <section className="card" aria-labelledby="terms-title">
        <h2 id="terms-title">Terms set by the platform</h2>
        <dl className="facts">
          <dt>Status</dt>
          <dd>{saved.status}</dd>
          <dt>Fees</dt>
          <dd>
            {saved.fees.percent}% + {money(saved.fees.fixed, 'USD')}
          </dd>
          <dt>Payment limits</dt>
          <dd>
            {money(saved.min_payment, 'USD')} – {money(saved.max_payment, 'USD')}
          </dd>
          <dt>Rolling reserve</dt>
          <dd>
            {saved.rolling_reserve_percent}% for {saved.rolling_reserve_days} days
          </dd>
        </dl>
      </section>
    </div>
  )
}
