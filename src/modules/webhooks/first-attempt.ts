import type { AppContext } from '../../context.ts'
import { findFirstAttempts } from './deliveries.repository.ts'
import { type AttemptResult, WebhookDispatcher } from './dispatcher.ts'

export interface FirstAttemptOutcome {
  deliveryRowId: number
  status: 'pending' | 'succeeded' | 'failed'
  statusCode: number | null
  error: string | null
}

/**
 * Attempts the queued deliveries now and reports each one's first attempt, whoever makes it: a
 * running worker may claim a delivery before we do, so those are awaited in the attempt log
 * (until `timeoutMs`, past the 15 s request timeout) instead of being reported as pending.
 */
export async function deliverAndAwaitFirstAttempt(
  ctx: AppContext,
  deliveryRowIds: number[],
  options: { timeoutMs?: number; pollMs?: number } = {},
): Promise<FirstAttemptOutcome[]> {
  const ours = await new WebhookDispatcher(ctx, { listenUrl: null }).deliverNow(deliveryRowIds)
  const outcomes = new Map<number, FirstAttemptOutcome>(ours.map((r: AttemptResult) => [r.deliveryRowId, fromOurs(r)]))
  const deadline = Date.now() + (options.timeoutMs ?? 20_000)
  for (;;) {
    const missing = deliveryRowIds.filter((id) => !outcomes.has(id))
    if (missing.length === 0) break
    for (const attempt of await findFirstAttempts(ctx.db, missing)) {
      const ok = attempt.status_code !== null && attempt.status_code >= 200 && attempt.status_code < 300
      outcomes.set(attempt.delivery_id, {
        deliveryRowId: attempt.delivery_id,
        status: ok ? 'succeeded' : 'failed',
        statusCode: attempt.status_code,
        error: attempt.error,
      })
    }
    if (Date.now() > deadline) break
    if (deliveryRowIds.some((id) => !outcomes.has(id))) await new Promise((r) => setTimeout(r, options.pollMs ?? 100))
  }
  return deliveryRowIds.map(
    (id) => outcomes.get(id) ?? { deliveryRowId: id, status: 'pending', statusCode: null, error: null },
  )
}

const fromOurs = (r: AttemptResult): FirstAttemptOutcome => ({
  deliveryRowId: r.deliveryRowId,
  status: r.status,
  statusCode: r.statusCode,
  error: r.error,
})
