import type { Selectable } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { Database } from '../../db/database.ts'
import { AppError, fieldError, notFound } from '../../lib/errors.ts'
import type { ErrorCodeWithStatus } from '../../lib/error-catalogue.ts'
import { newRefundId, parseLookupId } from '../../lib/ids.ts'
import { convert, formatMinor, parseAmount, parseRate } from '../../lib/money.ts'
import { findUsdRate } from '../rates/index.ts'
import { insertEvent, insertEvents, type NewEvent } from '../events/index.ts'
import { lockBalances, postEntry } from '../ledger/index.ts'
import { transitionPayment, lockTransactionInScope, serializeRefund } from '../payments/index.ts'
import { enqueue } from '../../db/jobs.ts'
import { capabilitiesOf } from '../provider/index.ts'
import type { RefundsTable } from './refunds.table.ts'
import * as repo from './refunds.repository.ts'
export type RefundRow = Selectable<RefundsTable>
export { serializeRefund }
export const REFUND_JOB = 'refunds.submit'

/** Payment statuses a new refund may start from; `refund_pending` means another refund is in flight. */
const REFUNDABLE = ['paid', 'partially_refunded', 'refund_pending'] as const

/** Outbox: `refund.status_changed` with the refund fields; call in the transaction that changed it. */
export function recordRefundChanged(db: Database, r: RefundRow) {
  return insertEvent(db, refundChangedEvent(r))
}

function refundChangedEvent(r: RefundRow): NewEvent<'refund.status_changed'> {
  return {
    organizationId: r.organization_id,
    environment: r.environment,
    type: 'refund.status_changed',
    subjectId: r.public_id,
    payload: { refund_id: r.public_id, ...serializeRefund(r) },
  }
}

const ineligible = (code: ErrorCodeWithStatus<400>, detail: string, field?: string) =>
  new AppError(code, detail, field ? { [field]: [detail] } : undefined)

/**
 * Creates a refund of a payment (API key or dashboard): checks eligibility under the payment's row
 * lock and the wallet's account locks, holds the amount, moves the payment to `refund_pending`, and
 * enqueues the provider call. The provider is called by the worker, never inside this transaction.
 */
export async function createRefund(
  ctx: AppContext,
  scope: repo.TenantScope,
  transactionId: string,
  input: { reason: string; amount?: string | null },
) {
  const reason = input.reason.trim()
  if (reason === '') throw fieldError('reason', 'This field may not be blank.')
  let requested: number | null = null
  if (input.amount !== undefined && input.amount !== null) {
    const parsed = parseAmount(input.amount)
    if (!parsed.ok) throw fieldError('amount', `Amount ${parsed.reason}.`)
    requested = parsed.minor
  }
  const id = parseLookupId(transactionId, 'TX')
  if (!id) throw notFound('Transaction')
  const now = ctx.clock.now()

  const refund = await ctx.db.transaction().execute(async (trx) => {
    // Found and locked in one statement; nothing here waits on the network.
    const tx = await lockTransactionInScope(trx, scope, id)
    if (!tx) throw notFound('Transaction')
    const storedRate = await findUsdRate(trx, tx.currency)
    const parsedRate = storedRate ? parseRate(storedRate) : null
    const rate = parsedRate?.ok ? parsedRate.rate : null
    if (!rate) throw new AppError('fx_rate_missing', `No ${tx.currency}→USD exchange rate is configured.`)
    if (!(REFUNDABLE as readonly string[]).includes(tx.status)) {
      throw ineligible(
        'payment_not_refundable',
        `Only paid or partially refunded payments can be refunded; this payment is ${tx.status}.`,
      )
    }
    const remaining = tx.gross_amount_minor - (await repo.committedRefundTotal(trx, tx.id))
    if (remaining <= 0)
      throw ineligible(
        'refund_exceeds_refundable',
        'Nothing is left to refund on this payment (refunds in flight count).',
        'amount',
      )
    const amount = requested ?? remaining
    // A processor that refunds whole payments only (Inflow): refused before anything is held or sent.
    if (amount !== tx.gross_amount_minor && !capabilitiesOf(tx.provider).partialRefunds)
      throw ineligible(
        'partial_refund_not_supported',
        `The card processor of this payment refunds whole payments only: refund ${formatMinor(tx.gross_amount_minor)} ${tx.currency} (nothing refunded before), or nothing.`,
        'amount',
      )
    if (amount > remaining) {
      throw ineligible(
        'refund_exceeds_refundable',
        `The amount exceeds the remaining refundable amount of ${formatMinor(remaining)} ${tx.currency} (refunds in flight count).`,
        'amount',
      )
    }
    // Per-payment work first, under the payment's row lock only; the wallet lock comes last (below),
    // so concurrent refunds of one merchant hold it for a few statements, not the whole transaction.
    // The refund is born `processing` (one statement, the guard trigger runs once); it was `pending`
    // for no one to see, and the outbox still records both steps, pending first.
    const processing = await repo.insertRefund(trx, {
      public_id: newRefundId(),
      organization_id: tx.organization_id,
      environment: tx.environment,
      transaction_id: tx.id,
      transaction_public_id: tx.public_id,
      currency: tx.currency,
      amount_minor: amount,
      fx_rate_usd: rate,
      amount_usd_minor: convert(amount, rate),
      reason,
      status: 'processing',
      created_at: now,
      updated_at: now,
    })
    // Both outbox rows (pending, then processing) in one statement, in that order.
    await insertEvents(trx, [refundChangedEvent({ ...processing, status: 'pending' }), refundChangedEvent(processing)])
    if (tx.status !== 'refund_pending') {
      await transitionPayment(trx, tx, 'refund_pending', { status_before_refund: tx.status }, now)
    }
    // Wall-clock run_at: the job runner compares it with the database's now(), not with ctx.clock.
    await enqueue(
      trx,
      REFUND_JOB,
      { refund_id: processing.id },
      { runAt: new Date(Date.now() + ctx.config.refundDelayMs), singletonKey: `refund:${processing.id}` },
    )

    const wallet = await lockBalances(trx, scope, tx.currency)
    if (wallet.balances.available < amount) {
      throw ineligible(
        'insufficient_wallet_balance',
        `The wallet's available balance of ${formatMinor(wallet.balances.available)} ${tx.currency} does not cover this refund of ${formatMinor(amount)} ${tx.currency}; a partial refund up to the available balance is allowed.`,
        'amount',
      )
    }
    await postEntry(
      trx,
      {
        scope,
        currency: tx.currency,
        kind: 'refund_held',
        key: `refund:${processing.id}:held`,
        transactionId: tx.id,
        refundId: processing.id,
        postings: [
          { account: 'available', amountMinor: -amount },
          { account: 'refund_held', amountMinor: amount },
        ],
      },
      wallet,
    )
    return processing
  })

  return {
    status: 'processing' as const,
    refund_id: refund.id,
    refund_public_id: refund.public_id,
    transaction_id: refund.transaction_id,
    amount: formatMinor(refund.amount_minor),
    currency: refund.currency,
    amount_usd: formatMinor(refund.amount_usd_minor),
    amount_in_cents: refund.amount_minor,
  }
}

export async function getRefund(db: Database, scope: repo.TenantScope, rawId: string) {
  const id = parseLookupId(rawId, 'RF')
  const refund = id && (await repo.findRefund(db, scope, id))
  if (!refund) throw notFound('Refund')
  return serializeRefund(refund)
}
