import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import type { LoginResult, SessionToken } from '../types.ts'
import { useAction } from '../queries.ts'
import { ErrorNote, Field } from '../ui.tsx'

/** Email + password; when the account has 2FA on, a second step asks for the authentication code. */
export function SignIn({ platformName, onSignedIn }: { platformName: string; onSignedIn: (token: string) => void }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [challenge, setChallenge] = useState<string | null>(null)
  const [code, setCode] = useState('')
  const { pending, error, run, reset } = useAction()

  const signIn = (e: FormEvent) => {
    e.preventDefault()
    void run(async () => {
      const result = await api<LoginResult>('POST', 'auth/login/', { body: { email, password } })
      if ('two_factor_required' in result) setChallenge(result.challenge)
      else onSignedIn(result.token)
    })
  }
  const verify = (e: FormEvent) => {
    e.preventDefault()
    void run(async () =>
      onSignedIn(
        (await api<SessionToken>('POST', 'auth/2fa/verify/', { body: { challenge, code: code.trim() } })).token,
      ),
    )
  }

  return (
    <main className="signin">
      <div className="card signin-card">
        <p className="brand">{platformName}</p>
        {challenge === null ? (
          <form onSubmit={signIn}>
            <h1>Sign in to your dashboard</h1>
            <Field label="Email">
              <input
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </Field>
            <Field label="Password">
              <input
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </Field>
            <ErrorNote error={error} />
            <button type="submit" className="button-primary" disabled={pending}>
              {pending ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        ) : (
          <form onSubmit={verify}>
            <h1>Two-factor authentication</h1>
            <p className="muted">Enter the 6-digit code from your authenticator app, or one of your recovery codes.</p>
            <Field label="Authentication code">
              <input
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                minLength={6}
                maxLength={32}
                autoFocus
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            </Field>
            <ErrorNote error={error} />
            <button type="submit" className="button-primary" disabled={pending}>
              {pending ? 'Verifying…' : 'Verify'}
            </button>
            <button
              type="button"
              className="button-quiet"
              onClick={() => {
                setChallenge(null)
                setCode('')
                reset()
              }}
            >
              Back
            </button>
          </form>
        )}
      </div>
    </main>
  )
}
