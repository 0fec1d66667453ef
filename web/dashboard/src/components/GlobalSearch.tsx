import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useQuery } from '@tanstack/react-query'
import { ApiError, api, apiPage } from '../api.ts'
import { useEnvironment } from '../environment.tsx'
import { money } from '../format.ts'
import { Link } from '../Link.tsx'
import { usePath } from '../router.ts'
import type { Customer, PaymentSummary, Refund, Subscription } from '../types.ts'
import './global-search.css'

// Parallel calls to the lists' own searches (each bounded to a few rows, scoped and permission-checked
// by its endpoint) rather than one cross-module search endpoint.
const PER_GROUP = 5

interface Hit {
  to: string
  label: string
  detail: string
}
type Groups = { title: string; hits: Hit[] }[]

/** A subscription by id (sub_…), or those of a customer email; nothing for other text. */
async function subscriptionHits(q: string, environment: string): Promise<Subscription[]> {
  if (q.startsWith('sub_'))
    return api<Subscription>('GET', `subscriptions/${encodeURIComponent(q)}/`, { query: { environment } }).then(
      (s) => [s],
      (e) => (e instanceof ApiError && e.status === 404 ? [] : Promise.reject(e)),
    )
  if (!q.includes('@')) return []
  return (await apiPage<Subscription>('subscriptions/', { environment, customer: q, page_size: PER_GROUP })).items
}

/** A list the signed-in role may not read (403) adds nothing; any other failure fails the search. */
const allowed = <T,>(request: Promise<{ items: T[] }>) =>
  request.then(
    (page) => page.items,
    (e) => (e instanceof ApiError && e.status === 403 ? [] : Promise.reject(e)),
  )

async function search(q: string, environment: string): Promise<Groups> {
  const list = { environment, search: q, page_size: PER_GROUP }
  const [payments, refunds, customers, subscriptions] = await Promise.all([
    allowed(apiPage<PaymentSummary>('payments/', list)),
    allowed(apiPage<Refund>('organization/refunds/', list)),
    allowed(apiPage<Customer>('customers/', list)),
    subscriptionHits(q, environment),
  ])
  const at = (kind: string, id: string) => `/${kind}/${encodeURIComponent(id)}`
  return [
    {
      title: 'Payments',
      hits: payments.map((p) => ({
        to: at('payments', p.id),
        label: p.id,
        detail: `${money(p.gross_amount, p.currency)} · ${p.payer_email} · ${p.order_id}`,
      })),
    },
    {
      title: 'Refunds',
      hits: refunds.map((r) => ({
        to: at('refunds', r.id),
        label: r.id,
        detail: `${money(r.amount, r.currency)} of ${r.transaction_id}`,
      })),
    },
    {
      title: 'Customers',
      hits: customers.map((c) => ({
        to: at('customers', c.id),
        label: c.email,
        detail: `${c.first_name} ${c.last_name}`,
      })),
    },
    {
      title: 'Subscriptions',
      hits: subscriptions.map((s) => ({
        to: at('subscriptions', s.id),
        label: s.id,
        detail: `${s.plan.name} · ${s.customer.email} · ${s.status.replace(/_/g, ' ')}`,
      })),
    },
  ].filter((g) => g.hits.length > 0)
}

export function GlobalSearch() {
  const { environment } = useEnvironment()
  const path = usePath()
  const [text, setText] = useState('')
  const [q, setQ] = useState('')
  const [open, setOpen] = useState(false)
  const box = useRef<HTMLDivElement>(null)
  const resultsId = useId()
  // Typing settles for 250 ms before the lists are asked.
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250)
    return () => clearTimeout(timer)
  }, [text])
  // Following a result (or any navigation) closes the results.
  useEffect(() => setOpen(false), [path])
  const results = useQuery({
    queryKey: ['search', environment, q],
    queryFn: () => search(q, environment),
    enabled: q.length >= 2,
    staleTime: 5_000,
  })
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') setOpen(false)
  }
  const shown = open && q.length >= 2
  return (
    <div
      className="global-search"
      ref={box}
      role="search"
      onKeyDown={onKey}
      onBlur={(e) => !box.current?.contains(e.relatedTarget as Node | null) && setOpen(false)}
    >
      <input
        type="search"
        aria-label="Search"
        placeholder="Payment id, email, order, customer…"
        aria-controls={shown ? resultsId : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value)
          setOpen(true)
        }}
        onFocus={() => setOpen(true)}
      />
      {shown && (
        <section id={resultsId} className="search-results" aria-label="Search results">
          {results.isPending || q !== text.trim() ? (
            <p className="muted small" role="status">
              Searching…
            </p>
          ) : results.isError ? (
            <p className="error" role="alert">
              {results.error.message}
            </p>
          ) : results.data.length === 0 ? (
            <p className="muted small" role="status">
              Nothing matches “{q}”.
            </p>
          ) : (
            results.data.map((g) => (
              <div key={g.title} role="group" aria-label={g.title}>
                <h2>{g.title}</h2>
                {g.hits.map((h) => (
                  <Link key={h.to} to={h.to}>
                    <span className="mono">{h.label}</span> <span className="muted small">{h.detail}</span>
                  </Link>
                ))}
              </div>
            ))
          )}
        </section>
      )}
    </div>
  )
}
