import type { AppContext } from '../../context.ts'
import type { Database } from '../../db/database.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { conflict } from '../../lib/errors.ts'
import { createCheckout, lockSession, recordResult } from '../checkout/index.ts'
import { lockTransaction, type TransactionRow } from '../payments/index.ts'
import { reserveLinkUse } from '../payment-links/index.ts'
import {
  processorNameOf,
  savedCardProcessor,
  type CardDetails,
  type ReadChargeResult,
  type SavedCardProcessor,
} from '../provider/index.ts'

const OFF_SESSION_AUTH = 'This card needs 3-D Secure authentication, which subscriptions do not support yet.'
import { applyChargeOutcome, type ChargeOutcome } from './subscription-dunning.service.ts'
import type { SubscriptionRow } from './subscriptions.mapper.ts'
import * as repo from './subscriptions.repository.ts'
import { findClockById } from './test-clocks.repository.ts'
import type { ChargeKind } from './subscriptions.table.ts'

// One charge of a subscription, Medusa-style in three steps: a short transaction records the charge
// (a checkout session and its payment, so it is a payment like any other); the saved card is charged
// with no transaction open; a second transaction records the answer under row locks. The UNIQUE rule
// on (subscription, period, kind, attempt) makes racing workers and requests open one charge only;
// the charge's reference (its payment id) is the processor's idempotency key, so an answer lost in a
// crash is recovered by reading it back (reconcileStaleCharges), never by charging again.

export interface ChargeSpec {
  kind: ChargeKind
  periodIndex: number
  attempt: number
  /** Minor units before tax as for checkout; default the subscribed price × quantity. */
  amountMinor?: number
  name?: string
}

/** Longer than any processor call we allow; a charge still `processing` after it is read back. */
const CHARGE_LEASE_MS = 60_000

const frozen = (ctx: AppContext, now: Date): AppContext => ({ ...ctx, clock: { now: () => now } })

/** The instant a subscription lives at: its test clock's frozen time, or the wall clock. */
export async function subscriptionNow(ctx: AppContext, db: Database, s: Pick<SubscriptionRow, 'test_clock_id'>) {
  if (s.test_clock_id === null) return ctx.clock.now()
  const clock = await findClockById(db, s.test_clock_id)
  return clock.frozen_time
}

/** Step 1 inside the caller's transaction (subscription row locked): the charge, or the one already there. */
export async function openChargeLocked(
  ctx: AppContext,
  trx: Database,
  s: SubscriptionRow,
  spec: ChargeSpec,
  now: Date,
): Promise<TransactionRow> {
  const existing = await repo.findCharge(trx, s.id, spec.periodIndex, spec.kind, spec.attempt)
  if (existing) return existing
  const customer = await repo.findCustomer(trx, s.customer_id)
  // The first payment of a link's subscription is a use of the link: reserved now, counted when paid.
  const paymentLinkId = spec.kind === 'initial' ? s.payment_link_id : null
  if (paymentLinkId !== null) await reserveLinkUse(trx, paymentLinkId, 0, now)
  const unit = spec.amountMinor ?? s.unit_amount_minor
  const quantity = spec.amountMinor === undefined ? s.quantity : 1
  const created = await createCheckout(
    { ...ctx, db: trx },
    {
      organizationId: s.organization_id,
      environment: s.environment,
      subscriptionCharge: {
        subscriptionId: s.id,
        lines: [
          {
            product_id: null,
            name: spec.name ?? s.product_name,
            quantity,
            unit_amount_minor: unit,
            amount_minor: unit * quantity,
          },
        ],
        kind: spec.kind,
        periodIndex: spec.periodIndex,
        attempt: spec.attempt,
        now,
        leaseUntil: new Date(ctx.clock.now().getTime() + CHARGE_LEASE_MS),
        paymentLinkId,
      },
    },
    {
      products: [],
      currency: s.currency as 'USD' | 'EUR',
      billing_country: customer.country,
      billing_postal_code: customer.postal_code ?? undefined,
      billing_first_name: customer.first_name,
      billing_last_name: customer.last_name,
      billing_email: customer.email,
    },
  )
  return (await repo.findChargeByPublicId(trx, created.transaction_id)) as TransactionRow
}

/** Step 1 on its own transaction; a lost race on the uniqueness rule answers the winner's charge. */
/** `created`: this call opened the charge and makes its processor call; otherwise another caller does. */
export async function openCharge(
  ctx: AppContext,
  subscriptionId: number,
  spec: ChargeSpec,
  now: Date,
): Promise<{ tx: TransactionRow; created: boolean }> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const s = await repo.lockSubscription(trx, subscriptionId)
      const existing = await repo.findCharge(trx, s.id, spec.periodIndex, spec.kind, spec.attempt)
      if (existing) return { tx: existing, created: false }
      // Checked under the row lock: a retry that another request already settled is not made again,
      // and while one retry is in flight it is the answer to every other "charge now".
      if (spec.kind === 'retry') {
        if (s.status !== 'past_due')
          throw conflict('no_failed_charge', 'Only a past_due subscription has a failed charge to retry.')
        const inFlight = await repo.findOpenCharge(trx, s.id, 'retry')
        if (inFlight) return { tx: inFlight, created: false }
      }
      return { tx: await openChargeLocked(ctx, trx, s, spec, now), created: true }
    })
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    const row = await repo.findCharge(ctx.db, subscriptionId, spec.periodIndex, spec.kind, spec.attempt)
    if (!row) throw err
    return { tx: row, created: false }
  }
}

/** Steps 2 and 3: charge the saved card (no transaction open) and record the answer. */
export async function executeCharge(
  ctx: AppContext,
  tx: TransactionRow,
  now: Date,
  /** The first payment, with the customer present: the card typed on the page (kept in memory only). */
  onSession?: CardDetails,
): Promise<ChargeOutcome | 'uncertain'> {
  if (tx.status !== 'processing') return tx.status === 'paid' ? 'succeeded' : 'declined'
  const s = await repo.findSubscriptionById(ctx.db, tx.subscription_id as number)
  const customer = await repo.findCustomer(ctx.db, s.customer_id)
  if (!customer.payment_method_token && !onSession) return 'declined'
  const processor = savedCardProcessor(ctx, s.environment)
  const request = {
    paymentMethodId: customer.payment_method_token ?? '',
    amountMinor: tx.gross_amount_minor,
    currency: tx.currency,
    reference: tx.public_id,
    offSession: true as const,
  }
  let result: ConfirmResult
  try {
    result = onSession
      ? await chargeOnSession(processor, request, onSession, { email: customer.email, subscription: s.public_id })
      : await processor.chargeSavedMethod(request)
    // No challenge can be answered here: a 3-D Secure request fails this charge.
    if (result.outcome === 'requires_action')
      result = {
        outcome: 'declined',
        providerPaymentId: result.providerPaymentId,
        message: OFF_SESSION_AUTH,
        card: null,
      }
  } catch (err) {
    // The call may or may not have reached the processor: the charge stays `processing` and is read later.
    ctx.log.warn(
      { transaction: tx.public_id, error: err instanceof Error ? err.message : 'unknown' },
      'saved-card charge answer lost',
    )
    return 'uncertain'
  }
  return recordChargeResult(ctx, tx.id, result, now, {
    brand: customer.card_brand ?? 'unknown',
    last4: customer.card_last4 ?? '0000',
    expMonth: customer.card_exp_month ?? 1,
    expYear: customer.card_exp_year ?? 2000,
  })
}

type Result = Parameters<typeof recordResult>[3]
type ConfirmResult = Exclude<ReadChargeResult, { outcome: 'not_found' }>

/** The first payment, with the customer on the page: the typed card goes to the processor in this call only. */
async function chargeOnSession(
  processor: SavedCardProcessor,
  request: { amountMinor: number; currency: string; reference: string },
  card: CardDetails,
  who: { email: string; subscription: string },
): Promise<ConfirmResult> {
  const started = await processor.startPayment({
    ...request,
    customerEmail: who.email,
    description: `Subscription ${who.subscription}`,
    returnUrl: '',
    cancelUrl: '',
    metadata: { transaction_id: request.reference, subscription_id: who.subscription },
    card,
  })
  if (started.kind === 'confirmed') return started.result
  // A processor that saves cards takes them on Kassa's page; a redirect here is a configuration error.
  return {
    outcome: 'error',
    providerPaymentId: started.providerPaymentId,
    message: 'This card processor cannot take the first payment of a subscription on this page.',
    retryable: false,
    card: null,
  }
}

/** Step 3: the answer applied to the payment (as a checkout payment) and to the subscription, once. */
export async function recordChargeResult(
  ctx: AppContext,
  transactionId: number,
  result: Result,
  now: Date,
  card: { brand: string; last4: string; expMonth: number; expYear: number } | null,
): Promise<ChargeOutcome> {
  return ctx.db.transaction().execute(async (trx) => {
    const current = await lockTransaction(trx, transactionId)
    if (!current) throw new Error(`transaction ${transactionId} vanished`)
    const session = await lockSession(trx, current.checkout_session_id)
    const tx = (await lockTransaction(trx, transactionId)) as TransactionRow
    if (tx.status !== 'processing') return tx.status === 'paid' ? 'succeeded' : 'declined'
    // A decline is final for this charge at once (scripted: true): dunning makes the next attempt.
    await recordResult(frozen(ctx, now), trx, { session, tx }, result, {
      card,
      providerName: processorNameOf(ctx, tx.environment),
      scripted: true,
    })
    const s = await repo.lockSubscription(trx, tx.subscription_id as number)
    const outcome: ChargeOutcome =
      result.outcome === 'succeeded'
        ? 'succeeded'
        : result.outcome === 'error' && result.retryable
          ? 'transport_error'
          : 'declined'
    const message = 'message' in result ? result.message : null
    await applyChargeOutcome(ctx, trx, s, tx, outcome, message, now)
    return outcome
  })
}
