import type { AppContext } from '../../context.ts'
import { validateCard, type CardInput } from '../../lib/card.ts'
import { randomBase62 } from '../../lib/ids.ts'
import { AppError, conflict, fieldError, validationError } from '../../lib/errors.ts'
import {
  getProcessor,
  getSimulator,
  hostedPageProcessor,
  type CardSummary,
  type Processor,
  type ScriptedOutcome,
  type ScriptedResult,
} from '../provider/index.ts'
import { assertOpen, cancelLocked, leaseActive, recordResult, type SessionRow } from './checkout-lifecycle.service.ts'
import { checkoutUrl } from './checkout.service.ts'
import { payHosted, returnFromProcessor } from './hosted-redirect.service.ts'
import {
  findSessionView,
  findTransactionForSession,
  lockSession,
  updateSession,
  type SessionView,
} from './hosted-checkout.repository.ts'
import { loadSession, scriptedOutcomeOf, syncState } from './hosted-checkout.service.ts'
import { checkRateLimits, inProgress } from './pay-guards.ts'
import { type RefundingProvider, refuseOverLinkLimit } from './link-limit.service.ts'
import { LinkUsedUpError, reserveLinkUse } from '../payment-links/index.ts'
// Pay, 3-D Secure and cancel. An attempt is three steps (Medusa-style): a short transaction takes the
// session's attempt lease, the provider is called with no transaction open, a second transaction
// records the result under the session row lock. The lease makes concurrent attempts on one session
// (double click, second tab, replayed request) wait their turn: only one provider call at a time, and
// a session that became `complete` refuses every later attempt, so there is exactly one success.

/** Longer than any provider call we allow; a crashed attempt frees the session after this. */
const ATTEMPT_LEASE_MS = 30_000

/** Step 1: takes the attempt lease under the session row lock. */
async function beginAttempt(
  ctx: AppContext,
  sessionId: number,
  kind: 'card' | 'challenge',
): Promise<{ reference: string; session: SessionRow }> {
  return ctx.db.transaction().execute(async (trx) => {
    const session = await lockSession(trx, sessionId)
    const now = ctx.clock.now()
    assertOpen(session, now)
    if (leaseActive(session, now)) throw inProgress()
    if (kind === 'challenge' && !session.challenge_payment_id)
      throw conflict('no_challenge_pending', 'No 3-D Secure challenge is pending for this checkout.')
    // A payment link with max_uses: the lease reserves one of its uses (refused when none is free).
    if (session.payment_link_id !== null) await reserveLinkUse(trx, session.payment_link_id, sessionId, now)
    const reference = `att_${randomBase62(16)}`
    // A new card attempt abandons a pending challenge: the customer chose to try again.
    const challenge = kind === 'card' ? { challenge_payment_id: null, challenge_card: null } : {}
    await updateSession(trx, sessionId, {
      attempt_reference: reference,
      attempt_lease_until: new Date(now.getTime() + ATTEMPT_LEASE_MS),
      ...challenge,
    })
    return { reference, session }
  })
}

async function releaseAttempt(ctx: AppContext, sessionId: number, reference: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const session = await lockSession(trx, sessionId)
    if (session.attempt_reference === reference)
      await updateSession(trx, sessionId, { attempt_reference: null, attempt_lease_until: null })
  })
}

/** A provider's error text may quote the request: card-like digit runs and the given secrets are cut out. */
export function scrubCardData(message: string, secrets: string[]): string {
  let text = message.replace(/\d(?:[ -]?\d){11,18}/g, '[redacted]')
  for (const secret of secrets.filter((x) => x.length > 0))
    text = text.replace(new RegExp(`(?<!\\d)${secret}(?!\\d)`, 'g'), '[redacted]')
  return text.slice(0, 500)
}

/** Step 2: the provider call, outside any transaction. Card data lives only in this call's memory. */
async function callProvider(
  ctx: AppContext,
  sessionId: number,
  reference: string,
  call: () => Promise<ScriptedResult>,
  secrets: string[] = [],
): Promise<ScriptedResult> {
  try {
    return await call()
  } catch (err) {
    await releaseAttempt(ctx, sessionId, reference)
    // Only the scrubbed message: a provider error object could carry the request, card included.
    const error = err instanceof Error ? scrubCardData(err.message, secrets) : 'unknown'
    ctx.log.error({ session: sessionId, reference, error }, 'payment provider call failed')
    throw new AppError('provider_error', 'The card processor could not be reached. Please try again.')
  }
}

/** What a compensating refund needs: the processor (seam v2) or the simulator's scripted side. */

/** Step 3: records the result, unless the lease was lost meanwhile (then a success is refunded). */
async function finishAttempt(
  ctx: AppContext,
  token: string,
  view: SessionView,
  reference: string,
  provider: RefundingProvider,
  result: ScriptedResult,
  options: { card: CardSummary | null; scripted: boolean },
) {
  const record = () =>
    ctx.db.transaction().execute(async (trx) => {
      const session = await lockSession(trx, view.id)
      if (session.attempt_reference !== reference || session.status !== 'open') return null
      const tx = await findTransactionForSession(trx, view.id)
      return recordResult(ctx, trx, { session, tx }, result, { ...options, providerName: provider.name })
    })
  const recorded = await record().catch(async (err) => {
    if (err instanceof LinkUsedUpError) await refuseOverLinkLimit(ctx, view, reference, provider, result)
    throw err
  })
  if (!recorded) {
    if (result.outcome === 'succeeded') {
      ctx.log.error(
        { session: view.id, reference, providerPaymentId: result.providerPaymentId },
        'attempt succeeded after its lease was lost; refunding it at the provider',
      )
      await provider
        .refund({
          providerPaymentId: result.providerPaymentId,
          amountMinor: view.total_minor,
          currency: view.currency,
          reference,
        })
        .catch((err) =>
          ctx.log.error(
            { reference, error: err instanceof Error ? err.message : 'unknown' },
            'compensating refund failed',
          ),
        )
    }
    throw inProgress()
  }
  const after = (await findSessionView(ctx.db, view.public_id)) as SessionView
  return {
    result: recorded.result,
    message: recorded.message,
    attempts_remaining: Math.max(0, ctx.config.checkoutMaxAttempts - after.failed_attempts),
    ...syncState(ctx, after, token),
  }
}

export interface PayInput {
  token: string
  card?: Omit<CardInput, 'name'> & { name?: string }
  ip: string
}

/** A scripted sandbox session needs no card: the simulator's scripted answer is the attempt's result. */
async function runScripted(ctx: AppContext, token: string, view: SessionView, outcome: ScriptedOutcome) {
  const simulator = getSimulator(ctx)
  const { reference } = await beginAttempt(ctx, view.id, 'card')
  const result = await callProvider(ctx, view.id, reference, async () => simulator.scripted(outcome))
  return finishAttempt(ctx, token, view, reference, simulator, result, { card: null, scripted: true })
}

export async function pay(ctx: AppContext, input: PayInput) {
  await checkRateLimits(ctx, input.token, input.ip)
  const view = await loadSession(ctx, input.token)
  assertOpen(view, ctx.clock.now())
  const scripted = scriptedOutcomeOf(ctx, view) as ScriptedOutcome | null
  if (scripted) return runScripted(ctx, input.token, view, scripted)
  // A hosted-page processor (Inflow) takes the card on its own page: Pay sends the customer there.
  const hosted = hostedPageProcessor(ctx, view.environment)
  if (hosted) return payHosted(ctx, input.token, view, hosted)
  if (!input.card) throw fieldError('card', 'Card details are required.')
  const { errors, card } = validateCard({ ...input.card, name: input.card.name ?? '' }, ctx.clock.now())
  if (!card)
    throw validationError(
      Object.fromEntries(Object.entries(errors).map(([field, message]) => [`card.${field}`, [message as string]])),
    )
  const provider = getProcessor(ctx, view.environment)
  const { reference } = await beginAttempt(ctx, view.id, 'card')
  const result = await callProvider(
    ctx,
    view.id,
    reference,
    async () => {
      const started = await provider.startPayment({
        reference,
        amountMinor: view.total_minor,
        currency: view.currency,
        customerEmail: view.billing_email,
        description: `Order ${view.public_id} · ${view.organization_name}`,
        returnUrl: checkoutUrl(ctx, input.token),
        cancelUrl: checkoutUrl(ctx, input.token),
        metadata: { checkoutSessionId: view.public_id, paymentId: view.transaction_public_id },
        card: {
          number: card.number,
          expMonth: card.expMonth,
          expYear: card.expYear,
          cvc: card.cvc,
          name: card.name || `${view.billing_first_name} ${view.billing_last_name}`,
        },
      })
      if (started.kind !== 'confirmed') throw new Error(`${provider.name} did not confirm the card`)
      return started.result
    },
    [card.number, card.cvc],
  )
  return finishAttempt(ctx, input.token, view, reference, provider, result, { card: null, scripted: false })
}

export async function answerChallenge(
  ctx: AppContext,
  input: { token: string; action: 'complete' | 'fail'; ip: string },
) {
  await checkRateLimits(ctx, input.token, input.ip)
  const view = await loadSession(ctx, input.token)
  assertOpen(view, ctx.clock.now())
  const provider = getProcessor(ctx, view.environment)
  const { reference, session } = await beginAttempt(ctx, view.id, 'challenge')
  const result = await callProvider(ctx, view.id, reference, async () => {
    if (!provider.completeChallenge) throw new Error(`${provider.name} has no 3-D Secure challenge step`)
    return provider.completeChallenge({
      providerPaymentId: session.challenge_payment_id as string,
      success: input.action === 'complete',
    })
  })
  return finishAttempt(ctx, input.token, view, reference, provider, result, {
    card: session.challenge_card,
    scripted: false,
  })
}

/** The customer's Cancel: idempotent once canceled; refused while an attempt is in flight or after an outcome. */
export async function cancelCheckout(ctx: AppContext, token: string) {
  const view = await loadSession(ctx, token)
  if (view.status !== 'canceled') {
    await ctx.db.transaction().execute(async (trx) => {
      const session = await lockSession(trx, view.id)
      if (session.status === 'canceled') return
      const now = ctx.clock.now()
      assertOpen(session, now)
      if (leaseActive(session, now)) throw inProgress()
      await cancelLocked(ctx, trx, { session, tx: await findTransactionForSession(trx, view.id) }, 'customer')
    })
  }
  return syncState(ctx, (await findSessionView(ctx.db, view.public_id)) as SessionView, token)
}

/**
 * POST /checkout/sync-status/: the outcome as the provider sees it. Under internal simulation the
 * simulator answers an open scripted sandbox session with its scripted outcome (the
 * scripted value drives the provider's status results), so a sync alone completes it, as Pay would.
 */
export async function syncStatusWithProvider(ctx: AppContext, token: string) {
  const view = await loadSession(ctx, token)
  const scripted = scriptedOutcomeOf(ctx, view) as ScriptedOutcome | null
  if (
    scripted &&
    view.status === 'open' &&
    view.transaction_status === 'processing' &&
    !view.has_processing_attempt &&
    !view.challenge_payment_id
  ) {
    try {
      await runScripted(ctx, token, view, scripted)
    } catch (err) {
      // An attempt in flight (or one that just finished) decides; report what is recorded.
      if (!(err instanceof AppError) || err.status !== 409) throw err
    }
    return syncState(ctx, (await findSessionView(ctx.db, view.public_id)) as SessionView, token)
  }
  if (view.status === 'open' && hostedPageProcessor(ctx, view.environment)) {
    // The page polls while the processor decides: each poll reads the processor payment.
    await returnFromProcessor(ctx, view)
    return syncState(ctx, (await findSessionView(ctx.db, view.public_id)) as SessionView, token)
  }
  return syncState(ctx, view, token)
}
