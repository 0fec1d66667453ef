import type { AppContext } from '../../context.ts'
import { formatMinor } from '../../lib/money.ts'
import { verifyToken } from '../../lib/signed-token.ts'
import { AppError } from '../../lib/errors.ts'
import { CHECKOUT_TOKEN_PURPOSE, checkoutUrl } from './checkout.service.ts'
import { cancelLocked, leaseActive } from './checkout-lifecycle.service.ts'
import {
  findExpiredOpenSessionIds,
  findSessionView,
  findTransactionForSession,
  lockSession,
  type SessionView,
} from './hosted-checkout.repository.ts'

// Token → session, and what the page and its JSON endpoints show about it.

export type SyncStatus = 'SUCCESS' | 'FAILED' | 'CANCELED' | 'PENDING'

export const invalidToken = () => new AppError('invalid_checkout_token', 'This checkout link is not valid.')

/** The session a signed token names; a session past its expiry is expired on the spot. */
export async function loadSession(ctx: AppContext, token: string): Promise<SessionView> {
  const payload = verifyToken<{ c?: unknown }>(ctx.config.secretKey, CHECKOUT_TOKEN_PURPOSE, token)
  if (!payload || typeof payload.c !== 'string') throw invalidToken()
  const view = await findSessionView(ctx.db, payload.c)
  if (!view) throw invalidToken()
  if (view.status === 'open' && view.expires_at <= ctx.clock.now()) {
    await expireSession(ctx, view.id)
    return (await findSessionView(ctx.db, payload.c)) as SessionView
  }
  return view
}

/** Marks one open, expired session `expired` and its payment `canceled` (reason `expired`). Idempotent. */
export async function expireSession(ctx: AppContext, sessionId: number): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const session = await lockSession(trx, sessionId)
    const now = ctx.clock.now()
    // A provider call in flight finishes first; the next sweep expires the session if it is still open.
    if (session.status !== 'open' || session.expires_at > now || leaseActive(session, now)) return false
    const tx = await findTransactionForSession(trx, session.id)
    await cancelLocked(ctx, trx, { session, tx }, 'expired', 'expired')
    return true
  })
}

/** Worker sweep: expire every open session past its expiry, a batch at a time. */
export async function expireDueSessions(ctx: AppContext, batch = 200): Promise<number> {
  let expired = 0
  for (const id of await findExpiredOpenSessionIds(ctx.db, ctx.clock.now(), batch)) {
    if (await expireSession(ctx, id)) expired++
  }
  return expired
}

export function syncStatusOf(paymentStatus: string): SyncStatus {
  if (paymentStatus === 'processing') return 'PENDING'
  if (paymentStatus === 'failed') return 'FAILED'
  if (paymentStatus === 'canceled') return 'CANCELED'
  return 'SUCCESS'
}

/** Merchant URL with checkout_id, order_id and transaction_id appended (existing query kept). */
export function withOutcomeParams(url: string, view: SessionView): string {
  const target = new URL(url)
  target.searchParams.set('checkout_id', view.public_id)
  target.searchParams.set('order_id', view.public_id)
  target.searchParams.set('transaction_id', view.transaction_public_id)
  return target.toString()
}

/** Where the page goes once the outcome is known: the merchant's URL, else the page's own result view. */
export function redirectUrlOf(ctx: AppContext, view: SessionView, token: string): string | null {
  const status = syncStatusOf(view.transaction_status)
  if (status === 'PENDING') return null
  const merchantUrl = status === 'SUCCESS' ? view.success_url : status === 'FAILED' ? view.failed_url : view.cancel_url
  return merchantUrl ? withOutcomeParams(merchantUrl, view) : checkoutUrl(ctx, token)
}

export function syncState(ctx: AppContext, view: SessionView, token: string) {
  return {
    status: syncStatusOf(view.transaction_status),
    payment_status: view.transaction_status,
    deposit_status: view.deposit_status,
    checkout_status: view.status,
    redirect_url: redirectUrlOf(ctx, view, token),
    checkout_id: view.public_id,
    order_id: view.public_id,
    transaction_id: view.transaction_public_id,
  }
}

/** Scripted outcome in force for this session, or null when the page takes cards. */
export function scriptedOutcomeOf(ctx: AppContext, view: Pick<SessionView, 'environment' | 'sandbox_simulate'>) {
  return ctx.config.sandboxSimulation === 'internal' && view.environment === 'sandbox' && view.sandbox_simulate
    ? view.sandbox_simulate
    : null
}

/** Everything the page displays, as JSON (POST /api/checkout/session/). */
export async function sessionDisplay(ctx: AppContext, token: string) {
  const view = await loadSession(ctx, token)
  return {
    ...syncState(ctx, view, token),
    platform_name: ctx.config.platformName,
    merchant_name: view.organization_name,
    environment: view.environment,
    currency: view.currency,
    line_items: view.line_items.map((l) => ({
      name: l.name,
      quantity: l.quantity,
      unit_price: formatMinor(l.unit_amount_minor),
      amount: formatMinor(l.amount_minor),
    })),
    subtotal: formatMinor(view.subtotal_minor),
    tax_amount: formatMinor(view.tax_minor),
    tax_rate: formatMinor(view.tax_rate_bp),
    total: formatMinor(view.total_minor),
    billing: {
      first_name: view.billing_first_name,
      last_name: view.billing_last_name,
      email: view.billing_email,
      phone: view.billing_phone,
      country: view.billing_country,
      postal_code: view.billing_postal_code,
    },
    sandbox_simulate: scriptedOutcomeOf(ctx, view),
    challenge_pending: view.status === 'open' && view.challenge_payment_id !== null,
    expires_at: Math.floor(view.expires_at.getTime() / 1000),
    attempts_remaining: Math.max(0, ctx.config.checkoutMaxAttempts - view.failed_attempts),
  }
}
