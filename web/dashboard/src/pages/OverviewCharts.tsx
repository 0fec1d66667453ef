import { useState } from 'react'
import { BarChart } from '../components/BarChart.tsx'
import { useEnvironment } from '../environment.tsx'
import { money, toMinor } from '../format.ts'
import { useApi } from '../queries.ts'
import type { OrganizationStats } from '../types.ts'
import { InlineField, QueryView } from '../ui.tsx'

const DAY_MS = 86_400_000
const dayOf = (date: Date) => date.toISOString().slice(0, 10)
const shortDay = (iso: string) =>
  new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  )

/** Volume, payments, success rate and refunds per day for 7/30/90 days or a custom range. */
export function OverviewCharts() {
  const { environment } = useEnvironment()
  const [range, setRange] = useState('30')
  const today = dayOf(new Date())
  const [from, setFrom] = useState(dayOf(new Date(Date.now() - 29 * DAY_MS)))
  const [to, setTo] = useState(today)
  const days = Number(range)
  const query =
    range === 'custom'
      ? { environment, from, to, interval: 'day' }
      : { environment, from: dayOf(new Date(Date.now() - (days - 1) * DAY_MS)), to: today, interval: 'day' }
  const stats = useApi<OrganizationStats>('organization/stats/', query)
  const [currency, setCurrency] = useState('')
  return (
    <section aria-labelledby="charts-title">
      <div className="section-header">
        <h2 id="charts-title">Performance</h2>
        <div className="filters">
          <InlineField label="Period">
            <select value={range} onChange={(e) => setRange(e.target.value)}>
              <option value="7">Last 7 days</option>
              <option value="30">Last 30 days</option>
              <option value="90">Last 90 days</option>
              <option value="custom">Custom</option>
            </select>
          </InlineField>
          {range === 'custom' && (
            <>
              <InlineField label="From">
                <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
              </InlineField>
              <InlineField label="To">
                <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
              </InlineField>
            </>
          )}
          {(stats.data?.currencies.length ?? 0) > 1 && (
            <InlineField label="Currency">
              <select value={currency} onChange={(e) => setCurrency(e.target.value)}>
                {stats.data!.currencies.map((c) => (
                  <option key={c.currency}>{c.currency}</option>
                ))}
              </select>
            </InlineField>
          )}
        </div>
      </div>
      <QueryView
        query={stats}
        isEmpty={(d) => d.currencies.length === 0}
        empty={<p className="muted">No {environment} payments in this period.</p>}
      >
        {(data) => {
          const c = data.currencies.find((x) => x.currency === currency) ?? data.currencies[0]
          const rate = c.success_rate === null ? '—' : `${(c.success_rate * 100).toFixed(1)} %`
          return (
            <>
              <dl className="tiles stats">
                <div className="tile">
                  <dt className="tile-label">Gross volume ({c.currency})</dt>
                  <dd className="tile-value">{money(c.gross_volume, c.currency)}</dd>
                </div>
                <div className="tile">
                  <dt className="tile-label">Payments</dt>
                  <dd className="tile-value">{c.payment_count}</dd>
                </div>
                <div className="tile">
                  <dt className="tile-label">Success rate</dt>
                  <dd className="tile-value">{rate}</dd>
                </div>
                <div className="tile">
                  <dt className="tile-label">Refunded</dt>
                  <dd className="tile-value">{money(c.refunded_amount, c.currency)}</dd>
                </div>
              </dl>
              {c.incomplete_count > 0 && (
                <p className="muted small">
                  {c.incomplete_count} incomplete {c.incomplete_count === 1 ? 'checkout' : 'checkouts'} (never
                  attempted) not counted.
                </p>
              )}
              <div className="charts">
                <BarChart
                  title="Gross volume per day"
                  summary={`${money(c.gross_volume, c.currency)} in ${c.days.length} ${c.days.length === 1 ? 'day' : 'days'}`}
                  bars={c.days.map((d) => ({
                    label: shortDay(d.date),
                    value: toMinor(d.gross_volume) ?? 0,
                    display: money(d.gross_volume, c.currency),
                  }))}
                />
                <BarChart
                  title="Payments per day"
                  summary={`${c.payment_count} payments, ${c.paid_count} succeeded`}
                  bars={c.days.map((d) => ({
                    label: shortDay(d.date),
                    value: d.payment_count,
                    display: `${d.payment_count} payments`,
                  }))}
                />
              </div>
            </>
          )
        }}
      </QueryView>
    </section>
  )
}
