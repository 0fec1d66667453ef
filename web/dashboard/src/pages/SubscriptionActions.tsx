import { api } from '../api.ts'
import { dateTime } from '../format.ts'
import { useAction } from '../queries.ts'
import type { Subscription } from '../types.ts'
import { ErrorNote } from '../ui.tsx'
import { subscriptionPath } from './Subscriptions.tsx'

const ENDED = ['canceled', 'ended', 'incomplete_expired']

/** Cancel (now or at period end, each confirmed), pause and resume: the buttons the status allows. */
export function SubscriptionActions({ subscription: s }: { subscription: Subscription }) {
  const action = useAction(['subscriptions/', 'customers/'])
  const path = subscriptionPath(s.id)
  const post = (what: string, body?: unknown) => () => void action.run(() => api('POST', `${path}${what}/`, { body }))
  const running = s.status === 'active' || s.status === 'trialing'
  const canCancelAtEnd = running && !s.cancel_at_period_end
  const canCancelNow = !ENDED.includes(s.status)
  const canPause = s.status === 'active' || s.status === 'past_due'
  const canResume = s.status === 'paused' || s.cancel_at_period_end
  // Either cancel asks first: at period end nothing more is charged, now it stops at once.
  const cancel = (atPeriodEnd: boolean) => () =>
    confirm(
      atPeriodEnd
        ? `Cancel at the end of the period (${dateTime(s.current_period_end)})? Nothing more is charged.`
        : `Cancel ${s.id} now? It stops at once and is not charged again.`,
    ) && post('cancel', { at_period_end: atPeriodEnd })()
  if (!canCancelNow && !canResume) return null
  return (
    <>
      <div className="page-actions" role="group" aria-label="Subscription actions">
        {canPause && (
          <button type="button" className="button-quiet" disabled={action.pending} onClick={post('pause')}>
            Pause
          </button>
        )}
        {canResume && (
          <button type="button" className="button-quiet" disabled={action.pending} onClick={post('resume')}>
            {s.status === 'paused' ? 'Resume' : 'Keep subscription'}
          </button>
        )}
        {canCancelAtEnd && (
          <button type="button" className="button-quiet" disabled={action.pending} onClick={cancel(true)}>
            Cancel at period end
          </button>
        )}
        {canCancelNow && (
          <button type="button" className="button-danger" disabled={action.pending} onClick={cancel(false)}>
            Cancel now
          </button>
        )}
      </div>
      <ErrorNote error={action.error} />
    </>
  )
}
