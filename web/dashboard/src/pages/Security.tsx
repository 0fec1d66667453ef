import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { dateTime } from '../format.ts'
import { useAction, useApi } from '../queries.ts'
import type { Me, SessionInfo, TwoFactorEnabled, TwoFactorSetup } from '../types.ts'
import { CopyButton, ErrorNote, Field, PageHeader, QueryView } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'
import { PasswordForm } from './PasswordForm.tsx'

export function Security() {
  const me = useApi<Me>('auth/me/')
  return (
    <>
      <PageHeader title="Security" />
      <QueryView query={me}>{(data) => <TwoFactor me={data} />}</QueryView>
      <PasswordForm />
      <Sessions />
    </>
  )
}

function TwoFactor({ me }: { me: Me }) {
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null)
  const [codes, setCodes] = useState<string[] | null>(null)
  const [code, setCode] = useState('')
  const action = useAction(['auth/me/'])
  const start = () => void action.run(async () => setSetup(await api<TwoFactorSetup>('POST', 'auth/2fa/setup/')))
  const enable = (e: FormEvent) => {
    e.preventDefault()
    void action.run(async () => {
      const done = await api<TwoFactorEnabled>('POST', 'auth/2fa/enable/', { body: { code: code.trim() } })
      setSetup(null)
      setCode('')
      setCodes(done.recovery_codes)
    })
  }
  const disable = (e: FormEvent) => {
    e.preventDefault()
    void action.run(async () => {
      await api('POST', 'auth/2fa/disable/', { body: { code: code.trim() } })
      setCode('')
    })
  }
  const codeField = (
    <Field label="Authentication code" hint="6 digits from your authenticator app.">
      <input
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        minLength={6}
        maxLength={32}
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
    </Field>
  )
  return (
    <section className="card" aria-labelledby="twofa-title">
      <h2 id="twofa-title">Two-factor authentication</h2>
      {codes && <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />}
      {me.two_factor_enabled && !codes && (
        <form onSubmit={disable} aria-label="Turn off two-factor authentication">
          <p>
            <strong>On.</strong> Signing in asks for a code from your authenticator app.{' '}
            <span className="muted">{me.recovery_codes_remaining} recovery codes left.</span>
          </p>
          {codeField}
          <ErrorNote error={action.error} />
          <button type="submit" className="button-danger" disabled={action.pending}>
            Turn off two-factor authentication
          </button>
        </form>
      )}
      {!me.two_factor_enabled && !setup && (
        <>
          <p>
            <strong>Off.</strong> Add a second step to signing in with an authenticator app.
          </p>
          <ErrorNote error={action.error} />
          <button type="button" className="button-primary" disabled={action.pending} onClick={start}>
            Set up two-factor authentication
          </button>
        </>
      )}
      {!me.two_factor_enabled && setup && (
        <form onSubmit={enable} aria-label="Confirm two-factor authentication">
          <p>Scan this code with your authenticator app, then enter the code it shows.</p>
          <p className="qr">
            <img
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qr_svg)}`}
              alt="QR code of your authenticator setup"
              width={180}
              height={180}
            />
          </p>
          <p className="small">
            Or type this key: <code data-testid="totp-secret">{setup.secret}</code> <CopyButton value={setup.secret} />
          </p>
          {codeField}
          <ErrorNote error={action.error} />
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={action.pending}>
              Turn on
            </button>
            <button type="button" className="button-quiet" onClick={() => setSetup(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  )
}

/** Shown once, right after enrollment: the server keeps only their hashes. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const text = `${codes.join('\n')}\n`
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }))
    const a = document.createElement('a')
    a.href = url
    a.download = 'recovery-codes.txt'
    document.body.append(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }
  return (
    <div className="notice" role="region" aria-label="Recovery codes">
      <p>
        <strong>Two-factor authentication is on.</strong> Save these recovery codes now: each signs you in once without
        your phone, and they are not shown again.
      </p>
      <ul className="code-list mono">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="form-actions">
        <CopyButton value={text} label="Copy codes" />
        <button type="button" className="button-quiet" onClick={download}>
          Download
        </button>
        <button type="button" className="button-primary" onClick={onDone}>
          I have saved them
        </button>
      </div>
    </div>
  )
}

function Sessions() {
  const sessions = useApi<SessionInfo[]>('auth/sessions/')
  const action = useAction(['auth/sessions/'])
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Active sessions</h2>
      <ErrorNote error={action.error} />
      <QueryView query={sessions} empty={<p className="muted">No active session.</p>}>
        {(data) => (
          <div {...scrollRegion('Active sessions')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">IP</th>
                  <th scope="col">Signed in</th>
                  <th scope="col">Last seen</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.map((s) => (
                  <tr key={s.id}>
                    <td className="small break">
                      {s.user_agent ?? 'Unknown device'}
                      {s.current && <span className="tag">this device</span>}
                    </td>
                    <td className="small mono">{s.ip ?? '—'}</td>
                    <td className="small">{dateTime(s.created_at)}</td>
                    <td className="small">{dateTime(s.last_seen_at)}</td>
                    <td className="row-actions">
                      {!s.current && (
                        <button
                          type="button"
                          className="button-danger"
                          disabled={action.pending}
                          aria-label={`Sign out session ${s.id}`}
                          onClick={() => void action.run(() => api('POST', `auth/sessions/${s.id}/revoke/`))}
                        >
                          Sign out
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  )
}
