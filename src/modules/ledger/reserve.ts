import type { AppContext } from '../../context.ts'
import { claimDueReserveHolds, markReserveReleased } from './ledger.repository.ts'
import { postEntry } from './ledger.service.ts'

/** Periodic worker task: moves every due rolling-reserve hold back to available. Returns how many. */
export async function releaseDueReserves(ctx: AppContext, batch = 200): Promise<number> {
  let released = 0
  for (;;) {
    const now = ctx.clock.now()
    const n = await ctx.db.transaction().execute(async (trx) => {
      const holds = await claimDueReserveHolds(trx, now, batch)
      // Tenant order, so two workers releasing at once take account locks in the same order.
      holds.sort(
        (a, b) =>
          a.organization_id - b.organization_id ||
          a.environment.localeCompare(b.environment) ||
          a.currency.localeCompare(b.currency),
      )
      for (const hold of holds) {
        await postEntry(trx, {
          scope: { organizationId: hold.organization_id, environment: hold.environment },
          currency: hold.currency,
          kind: 'reserve_released',
          key: `payment:${hold.transaction_id}:reserve_released`,
          transactionId: hold.transaction_id,
          postings: [
            { account: 'reserve', amountMinor: -hold.amount_minor },
            { account: 'available', amountMinor: hold.amount_minor },
          ],
        })
        await markReserveReleased(trx, hold.id, now)
      }
      return holds.length
    })
    released += n
    if (n < batch) return released
  }
}
