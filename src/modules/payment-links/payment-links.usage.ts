import { AppError, conflict } from '../../lib/errors.ts'
import type { Database } from '../../db/database.ts'
import * as repo from './payment-links.repository.ts'
import { assertLinkUsable } from './payment-links.rules.ts'

// max_uses under concurrent buyers. A use is RESERVED when a buyer's payment attempt starts (the
// hosted checkout's attempt lease, taken under the link's row lock) and CONSUMED in the payment's
// success transaction (compare-and-set on paid_count, backed by a CHECK constraint). Buyers beyond
// the free uses are refused before their card is charged, so exactly max_uses payments succeed.

/** Called under the session's row lock when an attempt takes its lease. Throws 410 or 409 when no use is free. */
export async function reserveLinkUse(trx: Database, linkId: number, sessionId: number, now: Date): Promise<void> {
  const link = await repo.lockLinkById(trx, linkId)
  assertLinkUsable(link, now)
  if (link.max_uses === null) return
  const inFlight = await repo.countInFlightAttempts(trx, linkId, sessionId, now)
  if (link.paid_count + inFlight >= link.max_uses) {
    throw conflict(
      'payment_link_busy',
      'Other buyers are paying for the last uses of this payment link right now; please try again in a moment.',
    )
  }
}

/** Thrown inside the success transaction when the link has no use left (a lease that outlived its reservation). */
export class LinkUsedUpError extends AppError {
  constructor() {
    super(
      'payment_link_used_up',
      'This payment link has reached its maximum number of payments; your card was not charged.',
    )
  }
}

/** Called in the payment's success transaction: counts the payment, or throws so nothing commits. */
export async function consumeLinkUse(trx: Database, linkId: number, now: Date): Promise<void> {
  if (!(await repo.incrementPaidCount(trx, linkId, now))) throw new LinkUsedUpError()
}
