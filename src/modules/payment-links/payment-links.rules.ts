import { AppError } from '../../lib/errors.ts'
import type { ErrorCodeWithStatus } from '../../lib/error-catalogue.ts'
import type { AppContext } from '../../context.ts'
import type { PaymentLinksTable } from './payment-links.table.ts'
import type { Selectable } from 'kysely'
import type { LineItem } from '../../db/types.ts'

// What state a link is in, and the 410 a buyer gets when it cannot be used. Shared by the dashboard
// view, the public JSON, the public page and the payment lifecycle.

export type LinkRow = Selectable<PaymentLinksTable>
export type LinkStatus = 'active' | 'inactive' | 'expired' | 'used_up' | 'deleted'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isUuid = (raw: string) => UUID.test(raw)

export const linkUrl = (ctx: AppContext, uuid: string) => `${ctx.config.publicUrl}/l/${uuid}`

/** The first reason a link cannot sell, in the order a merchant would fix them; `active` when it can. */
export function linkStatus(
  link: Pick<LinkRow, 'deleted_at' | 'is_active' | 'expires_at' | 'max_uses' | 'paid_count'>,
  now: Date,
): LinkStatus {
  if (link.deleted_at) return 'deleted'
  if (!link.is_active) return 'inactive'
  if (link.expires_at && link.expires_at <= now) return 'expired'
  if (link.max_uses !== null && link.paid_count >= link.max_uses) return 'used_up'
  return 'active'
}

export const UNAVAILABLE: Record<Exclude<LinkStatus, 'active'>, { code: ErrorCodeWithStatus<410>; detail: string }> = {
  deleted: {
    code: 'payment_link_deleted',
    detail: 'This payment link has been deleted and no longer accepts payments.',
  },
  inactive: {
    code: 'payment_link_inactive',
    detail: 'This payment link is not active; the merchant has turned it off.',
  },
  expired: { code: 'payment_link_expired', detail: 'This payment link has expired.' },
  used_up: { code: 'payment_link_used_up', detail: 'This payment link has reached its maximum number of payments.' },
}

export const linkGone = (status: Exclude<LinkStatus, 'active'>) =>
  new AppError(UNAVAILABLE[status].code, UNAVAILABLE[status].detail)

/** Throws the 410 of a link that cannot take a payment now. */
export function assertLinkUsable(link: Parameters<typeof linkStatus>[0], now: Date): void {
  const status = linkStatus(link, now)
  if (status !== 'active') throw linkGone(status)
}

/** The recurring line of a link that starts a subscription (such a link has no other line), else undefined. */
export const recurringLineOf = (lines: LineItem[]) => lines.find((l) => l.recurring_interval !== undefined)
