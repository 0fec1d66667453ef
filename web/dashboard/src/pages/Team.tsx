import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { dateTime } from '../format.ts'
import { useAction, useApi } from '../queries.ts'
import type { Invitation, Me, OrgUser } from '../types.ts'
import { Badge, ErrorNote, Field, PageHeader, QueryView } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'

const ROLES = ['owner', 'admin', 'developer', 'viewer'] as const
const ROLE_HINTS: Record<string, string> = {
  owner: 'everything, including other owners',
  admin: 'settings, API keys, refunds, team',
  developer: 'catalog, payment links, webhooks',
  viewer: 'reads only',
}

export function Team({ me, canManage }: { me: Me | null; canManage: boolean }) {
  const users = useApi<OrgUser[]>('organization/users/')
  const action = useAction(['organization/users/'])
  // Only an owner grants or changes the owner role (the server enforces it too).
  const grantable = ROLES.filter((r) => r !== 'owner' || me?.role === 'owner')
  return (
    <>
      <PageHeader title="Team" />
      <section aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        <ErrorNote error={action.error} />
        <QueryView query={users} empty={<p className="muted">No members.</p>}>
          {(data) => (
            <div {...scrollRegion('Members')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Member</th>
                    <th scope="col">Role</th>
                    <th scope="col">2FA</th>
                    <th scope="col">Joined</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((u) => {
                    const self = u.id === me?.id
                    const editable = canManage && !self && (u.role !== 'owner' || me?.role === 'owner')
                    return (
                      <tr key={u.id}>
                        <td>
                          {u.name && <div>{u.name}</div>}
                          <div className={u.name ? 'muted small' : undefined}>{u.email}</div>
                          {self && <span className="tag">you</span>}
                        </td>
                        <td>
                          {editable ? (
                            <select
                              aria-label={`Role of ${u.email}`}
                              value={u.role}
                              disabled={action.pending}
                              onChange={(e) => {
                                // Read now: the controlled select shows the old role again until the list refetches.
                                const role = e.target.value
                                void action.run(() => api('PATCH', `organization/users/${u.id}/`, { body: { role } }))
                              }}
                            >
                              {grantable.map((r) => (
                                <option key={r}>{r}</option>
                              ))}
                            </select>
                          ) : (
                            <Badge value={u.role} />
                          )}
                        </td>
                        <td>{u.two_factor_enabled ? 'On' : 'Off'}</td>
                        <td className="small">{dateTime(u.created_at)}</td>
                        <td className="row-actions">
                          {editable && (
                            <button
                              type="button"
                              className="button-danger"
                              disabled={action.pending}
                              aria-label={`Remove ${u.email}`}
                              onClick={() =>
                                confirm(`Remove ${u.email} from the organization? Their sessions end at once.`) &&
                                void action.run(() => api('DELETE', `organization/users/${u.id}/`))
                              }
                            >
                              Remove
                            </button>
                          )}
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
      </section>
      {canManage && <Invitations grantable={grantable} />}
    </>
  )
}

function Invitations({ grantable }: { grantable: readonly string[] }) {
  const invitations = useApi<Invitation[]>('organization/invitations/')
  const action = useAction(['organization/invitations/'])
  const [email, setEmail] = useState('')
  const [role, setRole] = useState('developer')
  const [sent, setSent] = useState<string | null>(null)
  const invite = (to: string, as: string) =>
    action.run(async () => {
      await api('POST', 'organization/invitations/', { body: { email: to, role: as } })
      setSent(to)
    })
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSent(null)
    if ((await invite(email.trim(), role)) !== undefined) setEmail('')
  }
  const pending = invitations.data?.filter((i) => i.status === 'pending') ?? []
  return (
    <section aria-labelledby="invitations-title">
      <h2 id="invitations-title">Invitations</h2>
      <form className="card form" onSubmit={submit} aria-label="Invite a member">
        <div className="form-row">
          <Field label="Email address">
            <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
          <Field label="Role" hint={ROLE_HINTS[role]}>
            <select value={role} onChange={(e) => setRole(e.target.value)}>
              {grantable.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </Field>
        </div>
        <ErrorNote error={action.error} />
        {sent && (
          <p className="success" role="status">
            Invitation sent to {sent}.
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={action.pending}>
            Send invitation
          </button>
        </div>
      </form>
      <QueryView
        query={invitations}
        isEmpty={() => pending.length === 0}
        empty={<p className="muted">No pending invitation.</p>}
      >
        {() => (
          <div {...scrollRegion('Pending invitations')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Invited</th>
                  <th scope="col">Role</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {pending.map((i) => (
                  <tr key={i.id}>
                    <td>{i.email}</td>
                    <td>{i.role}</td>
                    <td className="small">{dateTime(i.expires_at)}</td>
                    <td className="row-actions">
                      <button
                        type="button"
                        className="button-quiet"
                        disabled={action.pending}
                        aria-label={`Resend the invitation to ${i.email}`}
                        onClick={() => void invite(i.email, i.role)}
                      >
                        Resend
                      </button>
                      <button
                        type="button"
                        className="button-danger"
                        disabled={action.pending}
                        aria-label={`Revoke the invitation to ${i.email}`}
                        onClick={() => void action.run(() => api('POST', `organization/invitations/${i.id}/revoke/`))}
                      >
                        Revoke
                      </button>
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
