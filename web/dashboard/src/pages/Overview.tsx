import { useEnvironment } from '../environment.tsx'
import { useApi } from '../queries.ts'
import { dateTime, money, titleCase } from '../format.ts'
import type { OverviewData } from '../types.ts'
import { PageHeader, QueryView } from '../ui.tsx'
import { scrollRegion } from '../ui.tsx'
import { OverviewCharts } from './OverviewCharts.tsx'

/** A wallet movement: +$23.97, −$0.72, or a dash when the balance did not move. */
const signed = (amount: string, currency: string) =>
  Number(amount) === 0 ? '—' : `${Number(amount) > 0 ? '+' : ''}${money(amount, currency)}`

export function Overview() {
  const { environment } = useEnvironment()
  const overview = useApi<OverviewData>('organization/dashboard/', { environment })
  return (
    <>
      <PageHeader title="Overview" />
      <OverviewCharts />
      <QueryView query={overview}>{(data) => <OverviewBody data={data} />}</QueryView>
    </>
  )
}

function OverviewBody({ data }: { data: OverviewData }) {
  const { balances } = data.wallet
  return (
    <>
      <section aria-labelledby="balances-title">
        <h2 id="balances-title">Balances</h2>
        {balances.length === 0 ? (
          <p className="muted">No funds yet: balances appear after the first payment.</p>
        ) : (
          <div className="tiles balances">
            {balances.map((b) => (
              <div className="tile" key={b.currency}>
                <p className="tile-label">{b.currency} available</p>
                <p className="tile-value">{money(b.available, b.currency)}</p>
                <dl className="tile-facts small">
                  <dt>Pending</dt>
                  <dd>{money(b.pending, b.currency)}</dd>
                  <dt>Reserve</dt>
                  <dd>{money(b.reserve, b.currency)}</dd>
                  <dt>Refunds held</dt>
                  <dd>{money(b.refund_held, b.currency)}</dd>
                </dl>
              </div>
            ))}
          </div>
        )}
      </section>
      <section aria-labelledby="recent-title">
        <h2 id="recent-title">Recent activity</h2>
        {data.recent_activity.length === 0 ? (
          <p className="muted">Nothing yet in {data.environment}.</p>
        ) : (
          <div {...scrollRegion('Recent activity')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Movement</th>
                  <th scope="col">Payment</th>
                  <th scope="col" className="num">
                    Available
                  </th>
                  <th scope="col" className="num">
                    Pending
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.recent_activity.map((a) => (
                  <tr key={a.id}>
                    <td>{dateTime(a.at)}</td>
                    <td>{titleCase(a.type)}</td>
                    <td className="mono">{a.transaction_id ?? '—'}</td>
                    <td className="num">{signed(a.available_change, a.currency)}</td>
                    <td className="num">{signed(a.pending_change, a.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  )
}
