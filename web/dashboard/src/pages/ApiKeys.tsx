import { useState, type FormEvent } from 'react'
import { api } from '../api.ts'
import { dateTime } from '../format.ts'
import { useEnvironment } from '../environment.tsx'
import { API_KEY_SCOPES, type ApiKey, type ApiKeyRotated, type ApiKeyWithSecret } from '../types.ts'
import { useAction, useApi } from '../queries.ts'
import { Badge, ErrorNote, Field, PageHeader, QueryView } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'
import { RotateKeyForm, SecretNotice } from './ApiKeyRotate.tsx'

export function ApiKeys({ canEdit }: { canEdit: boolean }) {
  const { environment } = useEnvironment()
  const keys = useApi<ApiKey[]>('organization/api-keys/', { environment })
  const [secret, setSecret] = useState<ApiKeyWithSecret | ApiKeyRotated | null>(null)
  const [creating, setCreating] = useState(false)
  const [rotating, setRotating] = useState<ApiKey | null>(null)
  const action = useAction(['organization/api-keys/'])

  const revoke = (key: ApiKey) => {
    if (!confirm(`Revoke ${key.prefix}…? Requests using it will fail at once.`)) return
    void action.run(async () => {
      await api('POST', `organization/api-keys/${key.id}/revoke/`)
    })
  }

  return (
    <>
      <PageHeader title="API keys">
        {canEdit && !creating && (
          <button
            type="button"
            className="button-primary"
            onClick={() => {
              setCreating(true)
              setRotating(null)
              setSecret(null)
            }}
          >
            Create API key
          </button>
        )}
      </PageHeader>
      {secret && <SecretNotice secret={secret} onDone={() => setSecret(null)} />}
      {rotating && (
        <RotateKeyForm
          key={rotating.id}
          apiKey={rotating}
          onCancel={() => setRotating(null)}
          onRotated={(k) => {
            setRotating(null)
            setSecret(k)
          }}
        />
      )}
      {creating && (
        <CreateKeyForm
          onCancel={() => setCreating(false)}
          onCreated={(k) => {
            setCreating(false)
            setSecret(k)
          }}
        />
      )}
      <ErrorNote error={action.error} />
      <QueryView query={keys} empty={<p className="muted">No {environment} API keys yet.</p>}>
        {(data) => (
          <div {...scrollRegion('API keys')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Environment</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.map((k) => (
                  <tr key={k.id}>
                    <td>
                      <span className="mono">{k.prefix}…</span>
                      {k.name && <div className="muted small">{k.name}</div>}
                    </td>
                    <td>{k.environment}</td>
                    <td className="small">{k.scopes.length ? k.scopes.join(', ') : 'All scopes'}</td>
                    <td>
                      <Badge value={k.status} />
                      {k.status === 'active' && k.expires_at && (
                        <div className="muted small">Expires {dateTime(k.expires_at)}</div>
                      )}
                    </td>
                    <td className="small">{dateTime(k.last_used_at)}</td>
                    <td className="row-actions">
                      {canEdit && k.status === 'active' && (
                        <>
                          <button
                            type="button"
                            className="button-quiet"
                            disabled={action.pending}
                            onClick={() => {
                              setCreating(false)
                              setSecret(null)
                              setRotating(k)
                            }}
                            aria-label={`Rotate ${k.prefix}`}
                          >
                            Rotate
                          </button>
                          <button
                            type="button"
                            className="button-danger"
                            disabled={action.pending}
                            onClick={() => revoke(k)}
                            aria-label={`Revoke ${k.prefix}`}
                          >
                            Revoke
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </>
  )
}

function CreateKeyForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (key: ApiKeyWithSecret) => void }) {
  const [name, setName] = useState('')
  const { environment } = useEnvironment()
  const [scopes, setScopes] = useState<string[]>([])
  const { pending, error, run } = useAction(['organization/api-keys/'])
  const toggle = (scope: string) => setScopes((s) => (s.includes(scope) ? s.filter((x) => x !== scope) : [...s, scope]))
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void run(async () =>
      onCreated(
        await api<ApiKeyWithSecret>('POST', 'organization/api-keys/', {
          body: { name: name.trim() || null, environment, scopes },
        }),
      ),
    )
  }
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="create-key-title">
      <h2 id="create-key-title">New {environment} API key</h2>
      <Field label="Name" hint="Optional, to recognise the key later.">
        <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
      </Field>
      <p className="muted small">A {environment} key (switch the environment in the header for the other one).</p>
      <fieldset>
        <legend>
          Scopes <span className="muted small">(none checked = every scope)</span>
        </legend>
        {API_KEY_SCOPES.map((scope) => (
          <label key={scope} className="check">
            <input type="checkbox" checked={scopes.includes(scope)} onChange={() => toggle(scope)} />{' '}
            <span className="mono">{scope}</span>
          </label>
        ))}
      </fieldset>
      <ErrorNote error={error} />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create key'}
        </button>
        <button type="button" className="button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
