import { cloneElement, useCallback, useEffect, useId, useState, type ReactElement, type ReactNode } from 'react'
import { ApiError } from './api.ts'

/** Loads data on mount and when `deps` change; `reload` refetches after a mutation. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  // `load` closes over the caller's current values; `deps` (and reload's version) decide when it runs.
  // The previous data stays on screen until the new answer arrives; an answer for stale deps is dropped.
  useEffect(() => {
    let live = true
    setError(null)
    load().then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(messageOf(e)),
    )
    return () => {
      live = false
    }
  }, [...deps, version])
  const reload = useCallback(() => setVersion((v) => v + 1), [])
  return { data, error, reload }
}

export function messageOf(err: unknown): string {
  if (err instanceof ApiError) {
    const fields = Object.entries(err.fieldErrors).map(([f, m]) => `${f}: ${m.join(' ')}`)
    return fields.length && err.code === 'validation_error' ? fields.join(' · ') : err.message
  }
  return err instanceof Error ? err.message : 'Something went wrong.'
}

export function ErrorNote({ message }: { message: string | null }) {
  if (!message) return null
  return (
    <p className="error" role="alert">
      {message}
    </p>
  )
}

export function Loading({ error }: { error: string | null }) {
  return error ? (
    <ErrorNote message={error} />
  ) : (
    <p className="muted" role="status">
      Loading…
    </p>
  )
}

/** A labelled control; the hint stays out of the label (the control's name) and describes it instead. */
export function Field({
  label,
  hint,
  children,
}: {
  label: string
  hint?: string
  children: ReactElement<{ id?: string; 'aria-describedby'?: string }>
}) {
  const id = useId()
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {cloneElement(children, { id, 'aria-describedby': hint ? `${id}-hint` : undefined })}
      {hint && (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  )
}

export function Badge({ value }: { value: string }) {
  return <span className={`badge badge-${value.replace(/[^a-z_]/gi, '')}`}>{value.replace(/_/g, ' ')}</span>
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1 tabIndex={-1}>{title}</h1>
      {children && <div className="page-actions">{children}</div>}
    </div>
  )
}

/** A mutation with pending and error state, so a button can be disabled while its request runs. */
export function useAction() {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setPending(true)
    setError(null)
    try {
      return await action()
    } catch (err) {
      setError(messageOf(err))
      return undefined
    } finally {
      setPending(false)
    }
  }, [])
  return { pending, error, run, setError }
}
