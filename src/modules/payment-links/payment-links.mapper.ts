import type { AppContext } from '../../context.ts'
import type { LineItem } from '../../db/schema.ts'
import { formatMinor } from '../../lib/money.ts'
import { linkStatus, linkUrl, type LinkRow } from './payment-links.rules.ts'

// A payment link and its line items as the API answers them (minor units become decimal strings here).

export function serializeLines(lines: LineItem[]) {
  return lines.map((l) => ({
    product_id: l.product_id,
    name: l.name,
    quantity: l.quantity,
    unit_price: formatMinor(l.unit_amount_minor),
    amount: formatMinor(l.amount_minor),
    ...(l.recurring_interval
      ? {
          recurring_interval: l.recurring_interval,
          recurring_interval_count: l.recurring_interval_count ?? 1,
          trial_days: l.trial_days ?? null,
        }
      : {}),
  }))
}

export function serializeLink(ctx: AppContext, link: LinkRow & { revenue_minor?: string | number | null }) {
  return {
    id: link.uuid,
    uuid: link.uuid,
    url: linkUrl(ctx, link.uuid),
    name: link.name,
    environment: link.environment,
    currency: link.currency,
    pricing_mode: link.pricing_mode,
    products: serializeLines(link.line_items),
    total: formatMinor(link.subtotal_minor),
    expires_at: link.expires_at?.toISOString() ?? null,
    max_uses: link.max_uses,
    metadata: link.metadata ?? {},
    is_active: link.is_active,
    status: linkStatus(link, ctx.clock.now()),
    paid_count: link.paid_count,
    revenue: formatMinor(Number(link.revenue_minor ?? 0)),
    created_at: link.created_at.toISOString(),
    updated_at: link.updated_at.toISOString(),
    deleted_at: link.deleted_at?.toISOString() ?? null,
  }
}
