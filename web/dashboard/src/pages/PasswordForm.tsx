import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { useAction } from '../queries.ts'
import { ErrorNote, Field } from '../ui.tsx'

/** Changing the password signs every other session out (the server says how many). */
export function PasswordForm() {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [repeat, setRepeat] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const [mismatch, setMismatch] = useState(false)
  const action = useAction(['auth/sessions/'])
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setDone(null)
    setMismatch(next !== repeat)
    if (next !== repeat) return
    void action.run(async () => {
      const r = await api<{ other_sessions_revoked: number }>('POST', 'auth/password/', {
        body: { current_password: current, new_password: next },
      })
      setCurrent('')
      setNext('')
      setRepeat('')
      setDone(
        `Password changed; ${r.other_sessions_revoked} other ${r.other_sessions_revoked === 1 ? 'session was' : 'sessions were'} signed out.`,
      )
    })
  }
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <Field label="Current password">
        <input
          type="password"
          required
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </Field>
      <Field label="New password" hint="At least 8 characters.">
        <input
          type="password"
          required
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
      </Field>
      <Field label="Repeat the new password">
        <input
          type="password"
          required
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
      </Field>
      <ErrorNote error={mismatch ? 'The two new passwords differ.' : action.error} />
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={action.pending}>
          Change password
        </button>
      </div>
    </form>
  )
}
