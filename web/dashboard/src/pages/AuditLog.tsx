import { useState, type FormEvent } from 'react'
import { dateTime } from '../format.ts'
import { usePage } from '../queries.ts'
import type { AuditEntry } from '../types.ts'
import { InlineField, PageHeader, Pager, QueryView } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'

const PAGE_SIZE = 25

/** "name: Old → New" for each field a settings write changed. */
function changes(e: AuditEntry): string {
  const after = e.after ?? {}
  return Object.keys(after)
    .map((field) => `${field}: ${JSON.stringify(e.before?.[field] ?? null)} → ${JSON.stringify(after[field])}`)
    .join('; ')
}

export function AuditLog() {
  const [action, setAction] = useState('')
  const [target, setTarget] = useState('')
  const [filters, setFilters] = useState({ action: '', target_type: '' })
  const [page, setPage] = useState(1)
  const entries = usePage<AuditEntry>('organization/audit-log/', { ...filters, page, page_size: PAGE_SIZE })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setPage(1)
    setFilters({ action: action.trim(), target_type: target.trim() })
  }
  return (
    <>
      <PageHeader title="Audit log" />
      <form className="filters" onSubmit={submit} role="search" aria-label="Filter the audit log">
        <InlineField label="Action">
          <input value={action} placeholder="e.g. organization.updated" onChange={(e) => setAction(e.target.value)} />
        </InlineField>
        <InlineField label="Target type">
          <input value={target} placeholder="e.g. product" onChange={(e) => setTarget(e.target.value)} />
        </InlineField>
        <button type="submit" className="button-quiet">
          Filter
        </button>
      </form>
      <QueryView
        query={entries}
        isEmpty={(d) => d.items.length === 0}
        empty={<p className="muted">No audit entry matches.</p>}
      >
        {(data) => (
          <>
            <div {...scrollRegion('Audit log')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Action</th>
                    <th scope="col">Who</th>
                    <th scope="col">Target</th>
                    <th scope="col">Changes</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((e) => (
                    <tr key={e.id}>
                      <td className="small">{dateTime(e.created_at)}</td>
                      <td className="mono">{e.action}</td>
                      <td className="small break">
                        {e.actor.email ?? '—'}
                        {e.ip && <div className="muted">{e.ip}</div>}
                      </td>
                      <td className="small break">
                        {e.target.type}
                        {e.target.id && <span className="mono"> {e.target.id}</span>}
                      </td>
                      <td className="small break">{changes(e)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />
          </>
        )}
      </QueryView>
    </>
  )
}
