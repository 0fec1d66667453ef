import { CopyButton } from '../ui.tsx'

/** A webhook signing secret, shown once (after creating the endpoint or rotating its secret). */
export function WebhookSecretNotice({
  url,
  secret,
  rotated,
  onDone,
}: {
  url: string
  secret: string
  rotated?: boolean
  onDone: () => void
}) {
  return (
    <section className="card notice" aria-labelledby="whsec-title">
      <h2 id="whsec-title">
        {rotated ? 'New signing secret' : 'Signing secret'} for {url}
      </h2>
      <p>
        Verify each delivery's signature with it. It is shown only once
        {rotated ? '; the old secret no longer signs deliveries.' : '.'}
      </p>
      <div className="secret">
        <code>{secret}</code>
        <CopyButton value={secret} />
      </div>
      <button type="button" className="button-primary" onClick={onDone}>
        I have saved it
      </button>
    </section>
  )
}
