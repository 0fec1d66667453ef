import type { AppContext } from '../../context.ts'
import { endCheck, scheduleCheck } from '../../db/processor-checks.ts'
import { AppError, conflict } from '../../lib/errors.ts'
import { randomBase62 } from '../../lib/ids.ts'
import { formatMinor } from '../../lib/money.ts'
import { assertOpen, leaseActive } from './checkout-lifecycle.service.ts'
import { findSessionView, lockSession, type SessionView, updateSession } from './hosted-checkout.repository.ts'
import { syncState } from './hosted-checkout.service.ts'
import { reserveLinkUse } from '../payment-links/index.ts'
import { belowMinimum, type Processor, ProviderRejectedError } from '../provider/index.ts'
import {
  findSampleRedirectUrl,
  findSessionProcessorPayments,
  insertProcessorPayment,
  lockProcessorPayment,
  type ProcessorPaymentRow,
  updateProcessorPayment,
} from './processor-payments.repository.ts'
import { syncProcessorPayment } from './processor-sync.service.ts'

// Pay on a processor's hosted page (Inflow): Pay creates the processor payment and sends the browser
// to its page. The processor has no idempotency keys, so the attempt is recorded BEFORE the call
// (state `creating`, with the reference the processor keeps in its metadata) and a create whose
// answer was lost is never repeated: it stays `unknown` until a webhook or a read names it. While a
// session has an open, creating or unknown processor payment, no second one is created for it.

/** Longer than the processor timeout (INFLOW_TIMEOUT_MS ≤ 120 s would need more; the lease is renewed per call). */
const ATTEMPT_LEASE_MS = 30_000
/** A lost create with no trace after this long (no webhook named its reference) is given up: nobody holds its page's URL. */
export const UNKNOWN_CREATE_WINDOW_MS = 10 * 60_000
const SEVEN_DAYS_MS = 7 * 24 * 3_600_000

const unresolved = (row: ProcessorPaymentRow | undefined) =>
  row !== undefined && (row.state === 'open' || row.state === 'creating' || row.state === 'unknown')

const stillConfirming = () =>
  conflict(
    'attempt_unconfirmed',
    'The card processor has not confirmed your previous payment attempt yet. Please try again in a few minutes.',
  )

/** The pay page of a payment whose create answer was lost, from the pattern of an earlier answer. */
export async function purchaseUrlFor(ctx: AppContext, row: ProcessorPaymentRow, providerPaymentId: string) {
  const sample = await findSampleRedirectUrl(ctx.db, { provider: row.provider, environment: row.environment })
  if (!sample || !sample.redirect_url.endsWith(sample.provider_payment_id)) return null
  return sample.redirect_url.slice(0, -sample.provider_payment_id.length) + providerPaymentId
}

/** Brings the latest attempt up to date before Pay decides (the customer may have paid meanwhile). */
async function refreshLatest(ctx: AppContext, view: SessionView): Promise<ProcessorPaymentRow | undefined> {
  let [latest] = await findSessionProcessorPayments(ctx.db, view.id)
  if (!latest || !unresolved(latest)) return latest
  const now = ctx.clock.now()
  if (latest.provider_payment_id) {
    await syncProcessorPayment(ctx, latest).catch((err) =>
      ctx.log.warn({ err, processorPayment: latest?.id }, 'processor read failed; deciding on what is recorded'),
    )
    ;[latest] = await findSessionProcessorPayments(ctx.db, view.id)
    if (latest.state === 'open' && !latest.redirect_url) {
      const url = await purchaseUrlFor(ctx, latest, latest.provider_payment_id as string)
      if (url) await updateProcessorPayment(ctx.db, latest.id, { redirect_url: url, updated_at: now })
      latest = { ...latest, redirect_url: url }
    }
  }
  // Unreachable (no processor id, or no pay-page URL for it) and quiet for the whole window: given up.
  if (
    unresolved(latest) &&
    (!latest.provider_payment_id || !latest.redirect_url) &&
    latest.created_at.getTime() + UNKNOWN_CREATE_WINDOW_MS <= now.getTime() &&
    !(view.attempt_lease_until && view.attempt_lease_until > now)
  ) {
    ctx.log.warn({ processorPayment: latest.id, reference: latest.reference }, 'lost processor create given up')
    await updateProcessorPayment(ctx.db, latest.id, { state: 'abandoned', updated_at: now })
    latest = { ...latest, state: 'abandoned' }
  }
  return latest
}

export async function payHosted(ctx: AppContext, token: string, view: SessionView, processor: Processor) {
  const minimum = belowMinimum(processor.capabilities, view.total_minor, view.currency)
  if (minimum !== null)
    throw new AppError(
      'amount_out_of_range',
      `The card processor takes payments of at least ${formatMinor(minimum)} ${view.currency}.`,
    )
  if (processor.capabilities.currencies && !processor.capabilities.currencies.includes(view.currency))
    throw new AppError('amount_out_of_range', `The card processor does not take ${view.currency}.`)

  const latest = await refreshLatest(ctx, view)
  const fresh = (await findSessionView(ctx.db, view.public_id)) as SessionView
  if (fresh.status !== 'open') return answer(ctx, token, fresh, null)
  if (latest?.state === 'open' && latest.redirect_url) return answer(ctx, token, fresh, latest.redirect_url)
  if (unresolved(latest)) throw stillConfirming()

  // Step 1: record the attempt and take the lease, under the session row lock.
  const reference = `att_${randomBase62(16)}`
  const row = await ctx.db.transaction().execute(async (trx) => {
    const session = await lockSession(trx, view.id)
    const now = ctx.clock.now()
    assertOpen(session, now)
    if (leaseActive(session, now))
      throw conflict('attempt_in_progress', 'A payment attempt for this checkout is already in progress.')
    const [again] = await findSessionProcessorPayments(trx, view.id)
    if (unresolved(again)) throw stillConfirming()
    if (session.payment_link_id !== null) await reserveLinkUse(trx, session.payment_link_id, session.id, now)
    await updateSession(trx, session.id, {
      attempt_reference: reference,
      attempt_lease_until: new Date(now.getTime() + ATTEMPT_LEASE_MS),
    })
    const inserted = await insertProcessorPayment(trx, {
      organization_id: session.organization_id,
      environment: session.environment,
      checkout_session_id: session.id,
      transaction_id: fresh.transaction_id,
      provider: processor.name,
      reference,
    })
    await scheduleCheck(trx, {
      kind: 'payment',
      subjectId: inserted.id,
      startedAt: now,
      stopAfter: new Date(session.expires_at.getTime() + SEVEN_DAYS_MS),
    })
    return inserted
  })

  // Step 2: the processor call, outside any transaction.
  const base = `${ctx.config.publicUrl}/checkout/${token}`
  let started: Awaited<ReturnType<Processor['startPayment']>>
  try {
    started = await processor.startPayment({
      reference,
      amountMinor: view.total_minor,
      currency: view.currency,
      customerEmail: view.billing_email,
      description: `Order ${view.public_id} · ${view.organization_name}`,
      returnUrl: `${base}/return`,
      cancelUrl: `${base}/cancel`,
      metadata: { checkoutSessionId: view.public_id, paymentId: view.transaction_public_id },
    })
  } catch (err) {
    const rejected = err instanceof ProviderRejectedError
    await finishAttempt(ctx, view.id, reference, row.id, { state: rejected ? 'rejected' : 'unknown' })
    ctx.log.error(
      { session: view.public_id, reference, error: err instanceof Error ? err.message : 'unknown' },
      rejected ? 'processor refused the payment create' : 'processor create may have happened: reconciling by reading',
    )
    throw new AppError(
      'provider_error',
      rejected
        ? 'The card processor refused this payment. Please contact the merchant.'
        : 'The card processor did not answer. We are checking whether your payment was started; please try again in a few minutes.',
    )
  }
  if (started.kind !== 'redirect') throw new Error(`${processor.name} is not a hosted-page processor`)

  // Step 3: record the answer (a webhook may have recorded the id already; the URL comes only from here).
  await finishAttempt(ctx, view.id, reference, row.id, {
    state: 'open',
    provider_payment_id: started.providerPaymentId,
    redirect_url: started.redirectUrl,
  })
  return answer(ctx, token, fresh, started.redirectUrl)
}

async function finishAttempt(
  ctx: AppContext,
  sessionId: number,
  reference: string,
  rowId: number,
  patch: { state: 'open' | 'unknown' | 'rejected'; provider_payment_id?: string; redirect_url?: string },
) {
  await ctx.db.transaction().execute(async (trx) => {
    const session = await lockSession(trx, sessionId)
    const row = await lockProcessorPayment(trx, rowId)
    const now = ctx.clock.now()
    // A webhook may have moved the row on (open, even succeeded) before the answer: keep its state.
    const state = row.state === 'creating' || row.state === 'unknown' ? patch.state : row.state
    await updateProcessorPayment(trx, rowId, { ...patch, state, updated_at: now })
    if (patch.state === 'rejected') await endCheck(trx, 'payment', rowId)
    if (session.attempt_reference === reference)
      await updateSession(trx, sessionId, { attempt_reference: null, attempt_lease_until: null })
  })
}

function answer(ctx: AppContext, token: string, view: SessionView, redirectUrl: string | null) {
  const state = syncState(ctx, view, token)
  return {
    result: redirectUrl ? ('redirect' as const) : ('pending' as const),
    message: null,
    attempts_remaining: Math.max(0, ctx.config.checkoutMaxAttempts - view.failed_attempts),
    ...state,
    redirect_url: redirectUrl ?? state.redirect_url,
  }
}

/**
 * GET /checkout/{token}/return and /cancel: the processor sends the customer back. Kassa reads the
 * payment, records it, and says where the browser goes: the merchant's URL or the page's own view.
 */
export async function returnFromProcessor(ctx: AppContext, view: SessionView): Promise<void> {
  const [latest] = await findSessionProcessorPayments(ctx.db, view.id)
  if (!latest?.provider_payment_id || latest.state === 'abandoned' || latest.state === 'rejected') return
  if (['failed', 'canceled'].includes(latest.state)) return
  await syncProcessorPayment(ctx, latest).catch((err) =>
    // The page shows the payment as processing and the webhook or the reconciliation settles it.
    ctx.log.warn({ err, processorPayment: latest.id }, 'processor read on return failed'),
  )
}

/** What the page tells a customer back from the processor's page after a failed attempt. */
export async function hostedPageNotice(ctx: AppContext, view: SessionView): Promise<string | null> {
  const [latest] = await findSessionProcessorPayments(ctx.db, view.id)
  if (latest?.state !== 'failed') return null
  const left = Math.max(0, ctx.config.checkoutMaxAttempts - view.failed_attempts)
  return `${latest.failure_message ?? 'The payment failed.'} You can try again${left <= 2 ? ` (${left} attempt${left === 1 ? '' : 's'} left)` : ''}.`
}
