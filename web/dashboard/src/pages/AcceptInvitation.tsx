import { useState, type FormEvent } from 'react'
import { useQuery } from '@tanstack/react-query'
import { api } from '../api.ts'
import { useAction } from '../queries.ts'
import type { InvitationAccepted, InvitationPreview } from '../types.ts'
import { ErrorNote, Field, QueryView } from '../ui.tsx'

// The token is the credential: read once from the link, then dropped from the address bar (and so
// from history and any Referer), and sent to the server in request bodies only.
let invitationToken: string | null = null
function takeToken(): string | null {
  const fromUrl = new URLSearchParams(location.search).get('token')
  if (fromUrl) {
    invitationToken = fromUrl
    history.replaceState(null, '', location.pathname)
  }
  return invitationToken
}

export function AcceptInvitation({
  platformName,
  onAccepted,
}: {
  platformName: string
  onAccepted: (token: string) => void
}) {
  const [token] = useState(takeToken)
  const preview = useQuery({
    queryKey: ['auth/invitations/preview/', token],
    queryFn: () => api<InvitationPreview>('POST', 'auth/invitations/preview/', { body: { token } }),
    enabled: token !== null,
    retry: false,
  })
  return (
    <main className="signin">
      <div className="card signin-card">
        <p className="brand">{platformName}</p>
        <h1>Join your team</h1>
        {token === null ? (
          <p className="error" role="alert">
            This page needs the link from your invitation email.
          </p>
        ) : (
          <QueryView query={preview} label="Checking your invitation…">
            {(invitation) => <AcceptForm token={token} invitation={invitation} onAccepted={onAccepted} />}
          </QueryView>
        )}
      </div>
    </main>
  )
}

function AcceptForm({
  token,
  invitation,
  onAccepted,
}: {
  token: string
  invitation: InvitationPreview
  onAccepted: (token: string) => void
}) {
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [confirmation, setConfirmation] = useState('')
  const [mismatch, setMismatch] = useState(false)
  const { pending, error, run } = useAction()
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setMismatch(password !== confirmation)
    if (password !== confirmation) return
    void run(async () => {
      const accepted = await api<InvitationAccepted>('POST', 'auth/invitations/accept/', {
        body: { token, password, name: name.trim() },
      })
      onAccepted(accepted.token)
    })
  }
  return (
    <form onSubmit={submit}>
      <p>
        You are invited to <strong>{invitation.organization.name}</strong> as <strong>{invitation.role}</strong>, with
        the email <strong>{invitation.email}</strong>.
      </p>
      <Field label="Your name">
        <input required maxLength={200} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label="Choose a password" hint="At least 8 characters.">
        <input
          type="password"
          required
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <Field label="Repeat the password">
        <input
          type="password"
          required
          autoComplete="new-password"
          value={confirmation}
          onChange={(e) => setConfirmation(e.target.value)}
        />
      </Field>
      <ErrorNote error={mismatch ? 'The two passwords differ.' : error} />
      <button type="submit" className="button-primary" disabled={pending}>
        {pending ? 'Joining…' : 'Accept and sign in'}
      </button>
    </form>
  )
}
