import { cloneElement, useId, useState, type ReactElement, type ReactNode } from 'react'
import type { UseQueryResult } from '@tanstack/react-query'
import { ApiError } from './api.ts'

export function messageOf(err: unknown): string {
  if (err instanceof ApiError) {
    const fields = Object.entries(err.fieldErrors).map(([f, m]) => `${f}: ${m.join(' ')}`)
    return fields.length && err.code === 'validation_error' ? fields.join(' · ') : err.message
  }
  return err instanceof Error ? err.message : 'Something went wrong.'
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null
  return (
    <p className="error" role="alert">
      {typeof error === 'string' ? error : messageOf(error)}
    </p>
  )
}

/**
 * The three states every server read has besides its data: loading, failed (with a retry) and
 * empty (a list with nothing in it, or `isEmpty` says so). Children render only real data.
 */
export function QueryView<T>({
  query,
  empty,
  isEmpty,
  label = 'Loading…',
  children,
}: {
  query: UseQueryResult<T, Error>
  empty?: ReactNode
  isEmpty?: (data: T) => boolean
  label?: string
  children: (data: T) => ReactNode
}) {
  if (query.isPending)
    return (
      <p className="muted" role="status">
        {label}
      </p>
    )
  if (query.isError)
    return (
      <div className="error" role="alert">
        <p>{messageOf(query.error)}</p>
        <button type="button" className="button-quiet" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    )
  const data = query.data as T
  const nothing = isEmpty ? isEmpty(data) : Array.isArray(data) && data.length === 0
  if (nothing && empty !== undefined) return <div className="empty">{empty}</div>
  return <>{children(data)}</>
}

/**
 * A labelled control; the hint stays out of the label (the control's name) and describes it instead.
 * `error` (what the server said about this field) shows under the control and marks it invalid.
 */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string
  hint?: string
  error?: string
  children: ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>
}) {
  const id = useId()
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ')
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {cloneElement(children, {
        id,
        'aria-describedby': describedBy || undefined,
        'aria-invalid': error ? true : undefined,
      })}
      {hint && (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  )
}

/** What the server said about one field of a failed write (`prices.0.amount`), or undefined. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldErrors[field]?.join(' ') : undefined
}

/** The form's alert for a failed write, leaving out the field errors already shown beside their fields. */
export function formError(error: unknown, shown: (field: string) => boolean): unknown {
  if (!(error instanceof ApiError)) return error
  const fields = Object.entries(error.fieldErrors)
  if (fields.length === 0) return error
  const rest = fields.filter(([f]) => !shown(f))
  if (rest.length === 0) return 'Correct the fields marked above.'
  return rest.map(([f, m]) => `${f}: ${m.join(' ')}`).join(' · ')
}

/**
 * Props of a table's scroll container. A table wider than a phone scrolls sideways inside it, so it takes
 * keyboard focus (arrow keys scroll it) and is named after what it lists. A group, not a region: the
 * section around it is already the landmark of that name.
 */
export const scrollRegion = (label: string) =>
  ({ className: 'table-wrap', role: 'group', 'aria-label': label, tabIndex: 0 }) as const

export function Badge({ value, label }: { value: string; label?: string }) {
  return <span className={`badge badge-${value.replace(/[^a-z_]/gi, '')}`}>{label ?? value.replace(/_/g, ' ')}</span>
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1 tabIndex={-1}>{title}</h1>
      {children && <div className="page-actions">{children}</div>}
    </div>
  )
}

/** A secret or link with a Copy button (the Clipboard API needs a secure context or localhost). */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false)
  const copy = () =>
    navigator.clipboard?.writeText(value).then(
      () => setCopied(true),
      () => setCopied(false),
    )
  return (
    <button type="button" className="button-quiet" onClick={copy}>
      {copied ? 'Copied' : label}
    </button>
  )
}

/** Previous / Next with "page N of M" from the list's X-Total-Count. */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number
  pageSize: number
  total: number
  onPage: (page: number) => void
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize))
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="button-quiet" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span className="muted small">
        Page {page} of {pages} · {total} in all
      </span>
      <button type="button" className="button-quiet" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  )
}

/** A filter control with its label beside it (label tied by id, so the name is the label alone). */
export function InlineField({
  label,
  grow,
  className,
  children,
}: {
  label: string
  grow?: boolean
  className?: string
  children: ReactElement<{ id?: string }>
}) {
  const id = useId()
  return (
    <div className={`inline-field${grow ? ' grow' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id })}
    </div>
  )
}
