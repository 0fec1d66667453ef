import { randomUUID } from 'node:crypto'
import type { AppContext } from '../../context.ts'
import type { Environment, LineItem } from '../../db/schema.ts'
import { formatMinor } from '../../lib/money.ts'
import { qrSvg } from '../../lib/qr-svg.ts'
import type { PricingMode } from '../../lib/tax.ts'
import { AppError, FieldErrors, notFound } from '../../lib/errors.ts'
import type { DashboardUser } from '../auth/index.ts'
import { pageOf } from '../../lib/paging.ts'
import { actorOf, changedFields, recordAudit } from '../audit/index.ts'
import { findOrganization } from '../organizations/index.ts'
import { findSellableProducts } from '../products/index.ts'
import { serializePaymentSummary } from '../payments/index.ts'
import * as repo from './payment-links.repository.ts'
import { serializeLink } from './payment-links.mapper.ts'
import { isUuid, linkGone, linkUrl, type LinkRow } from './payment-links.rules.ts'

const MAX_METADATA_BYTES = 8 * 1024

const auditView = (l: LinkRow) => ({
  name: l.name,
  is_active: l.is_active,
  expires_at: l.expires_at?.toISOString() ?? null,
  max_uses: l.max_uses,
  metadata: l.metadata,
})

function checkExpiresAt(raw: string | null | undefined, errors: FieldErrors): Date | null | undefined {
  if (raw === undefined || raw === null) return raw
  const date = new Date(raw)
  // A past date is allowed on purpose: it is how a merchant ends a link now (it answers 410 "expired").
  if (Number.isNaN(date.getTime())) errors.add('expires_at', 'Must be an ISO 8601 date-time.')
  return date
}

function checkMetadata(raw: unknown, errors: FieldErrors): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined
  if (raw === null) return {}
  if (typeof raw !== 'object' || Array.isArray(raw)) errors.add('metadata', 'Must be a JSON object.')
  else if (Buffer.byteLength(JSON.stringify(raw)) > MAX_METADATA_BYTES)
    errors.add('metadata', `Must be at most ${MAX_METADATA_BYTES} bytes of JSON.`)
  return raw as Record<string, unknown>
}

export interface LinkCreateInput {
  name: string
  products: { product_id: string; quantity?: number }[]
  currency?: 'USD' | 'EUR'
  pricing_mode?: PricingMode
  expires_at?: string | null
  max_uses?: number | null
  metadata?: Record<string, unknown> | null
  environment?: Environment
}

/** Snapshots the catalog lines now: names and prices are copied, so later catalog edits leave the link alone. */
export async function createLink(
  ctx: AppContext,
  user: DashboardUser,
  environment: Environment,
  input: LinkCreateInput,
) {
  const org = await findOrganization(ctx.db, user.organizationId)
  if (!org) throw notFound('Organization')
  const currency = input.currency ?? 'USD'
  const errors = new FieldErrors()
  const name = input.name.trim()
  if (name === '') errors.add('name', 'This field may not be blank.')
  const found = new Map(
    (
      await findSellableProducts(
        ctx.db,
        org.id,
        input.products.map((p) => p.product_id),
        currency,
      )
    ).map((p) => [p.public_id, p]),
  )
  const lines: LineItem[] = []
  input.products.forEach((item, i) => {
    const product = found.get(item.product_id)
    const quantity = item.quantity ?? 1
    if (!product) return errors.add(`products.${i}.product_id`, `Unknown product "${item.product_id}".`)
    if (product.status !== 'active')
      return errors.add(`products.${i}.product_id`, `Product "${item.product_id}" is archived.`)
    if (product.amount_minor === null)
      return errors.add(`products.${i}.product_id`, `Product "${item.product_id}" has no ${currency} price.`)
    lines.push({
      product_id: product.public_id,
      name: product.name,
      quantity,
      unit_amount_minor: product.amount_minor,
      amount_minor: product.amount_minor * quantity,
    })
  })
  const expiresAt = checkExpiresAt(input.expires_at, errors)
  const metadata = checkMetadata(input.metadata, errors) ?? {}
  errors.throwIfAny()
  const subtotal = lines.reduce((sum, l) => sum + l.amount_minor, 0)
  if (subtotal < org.min_payment_minor || subtotal > org.max_payment_minor) {
    const limit =
      subtotal < org.min_payment_minor
        ? `below the minimum payment of ${formatMinor(org.min_payment_minor)}`
        : `above the maximum payment of ${formatMinor(org.max_payment_minor)}`
    throw new AppError(
      'amount_out_of_range',
      `The total ${formatMinor(subtotal)} ${currency} is ${limit} ${currency}.`,
      { products: [`Total ${formatMinor(subtotal)} ${currency} is ${limit} ${currency}.`] },
    )
  }
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (trx) => {
    const link = await repo.insertLink(trx, {
      uuid: randomUUID(),
      organization_id: org.id,
      environment,
      name,
      currency,
      pricing_mode: input.pricing_mode ?? (org.price_mode === 'HT' ? 'TAX_EXCLUSIVE' : 'TAX_INCLUSIVE'),
      line_items: JSON.stringify(lines),
      subtotal_minor: subtotal,
      max_uses: input.max_uses ?? null,
      expires_at: expiresAt ?? null,
      metadata: JSON.stringify(metadata),
      created_by_user_id: user.userId,
      created_at: now,
      updated_at: now,
    })
    await recordAudit(
      trx,
      actorOf(user),
      {
        action: 'payment_link.created',
        targetType: 'payment_link',
        targetId: link.uuid,
        after: { ...auditView(link), currency, total: formatMinor(subtotal) },
      },
      now,
    )
    return serializeLink(ctx, link)
  })
}

/** The organization's link by uuid; on the /sandbox/api/ mirror (`sandboxOnly`) production links do not exist. */
async function requireLink(ctx: AppContext, user: DashboardUser, uuid: string, sandboxOnly: boolean) {
  const link = isUuid(uuid) ? await repo.findLinkForOrg(ctx.db, user.organizationId, uuid.toLowerCase()) : undefined
  if (!link || (sandboxOnly && link.environment !== 'sandbox')) throw notFound('Payment link')
  return link
}

export async function getLink(ctx: AppContext, user: DashboardUser, uuid: string, sandboxOnly = false) {
  return serializeLink(ctx, await requireLink(ctx, user, uuid, sandboxOnly))
}

/** The link's URL as a QR code to print or show on a screen (deleted links keep theirs: it answers 410). */
export async function getLinkQr(ctx: AppContext, user: DashboardUser, uuid: string, sandboxOnly = false) {
  const url = linkUrl(ctx, (await requireLink(ctx, user, uuid, sandboxOnly)).uuid)
  return { url, qr_svg: qrSvg(url) }
}

export async function listLinks(
  ctx: AppContext,
  user: DashboardUser,
  environment: Environment | null,
  query: { page?: number; page_size?: number; include_deleted?: boolean },
) {
  const { rows, total } = await repo.listLinks(
    ctx.db,
    user.organizationId,
    { environment, includeDeleted: query.include_deleted ?? false },
    pageOf(query),
  )
  return { total, items: rows.map((r) => serializeLink(ctx, r)) }
}

export interface LinkPatchInput {
  name?: string
  is_active?: boolean
  expires_at?: string | null
  max_uses?: number | null
  metadata?: Record<string, unknown> | null
}

const FROZEN_FIELDS = ['products', 'currency', 'pricing_mode', 'environment'] as const

export async function updateLink(
  ctx: AppContext,
  user: DashboardUser,
  uuid: string,
  input: LinkPatchInput & Record<string, unknown>,
  sandboxOnly = false,
) {
  await requireLink(ctx, user, uuid, sandboxOnly)
  const errors = new FieldErrors()
  for (const field of FROZEN_FIELDS)
    if (input[field] !== undefined)
      errors.add(field, 'Cannot be changed: a link keeps its snapshot. Create a new link instead.')
  const name = input.name?.trim()
  if (name === '') errors.add('name', 'This field may not be blank.')
  const expiresAt = checkExpiresAt(input.expires_at, errors)
  const metadata = checkMetadata(input.metadata, errors)
  errors.throwIfAny()
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (trx) => {
    // Locked: a payment's success raises paid_count under the same lock, so max_uses is checked against the real count.
    const before = await repo.lockLinkForOrg(trx, user.organizationId, uuid.toLowerCase())
    if (!before) throw notFound('Payment link')
    if (before.deleted_at) throw linkGone('deleted')
    if (input.max_uses !== undefined && input.max_uses !== null && input.max_uses < before.paid_count) {
      throw new AppError(
        'validation_error',
        `max_uses cannot be below the ${before.paid_count} payments already collected.`,
        { max_uses: [`Must be at least ${before.paid_count} (payments already collected).`] },
      )
    }
    const after = await repo.updateLink(trx, before.id, {
      name,
      is_active: input.is_active,
      expires_at: expiresAt,
      max_uses: input.max_uses,
      metadata: metadata === undefined ? undefined : JSON.stringify(metadata),
      updated_at: now,
    })
    const diff = changedFields(auditView(before), auditView(after))
    if (diff)
      await recordAudit(
        trx,
        actorOf(user),
        { action: 'payment_link.updated', targetType: 'payment_link', targetId: after.uuid, ...diff },
        now,
      )
    return serializeLink(ctx, {
      ...after,
      revenue_minor: (await repo.findLinkForOrg(trx, user.organizationId, after.uuid))?.revenue_minor ?? 0,
    })
  })
}

/** Soft delete: the link stops selling at once; its payments and stats stay readable. */
export async function deleteLink(ctx: AppContext, user: DashboardUser, uuid: string, sandboxOnly = false) {
  await requireLink(ctx, user, uuid, sandboxOnly)
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.lockLinkForOrg(trx, user.organizationId, uuid.toLowerCase())
    if (!before || before.deleted_at) throw notFound('Payment link')
    const after = await repo.updateLink(trx, before.id, { deleted_at: now, is_active: false, updated_at: now })
    await recordAudit(
      trx,
      actorOf(user),
      {
        action: 'payment_link.deleted',
        targetType: 'payment_link',
        targetId: after.uuid,
        before: { name: before.name, is_active: before.is_active },
        after: { deleted_at: now.toISOString() },
      },
      now,
    )
    return serializeLink(ctx, {
      ...after,
      revenue_minor: (await repo.findLinkForOrg(trx, user.organizationId, after.uuid))?.revenue_minor ?? 0,
    })
  })
}

export async function listLinkPayments(
  ctx: AppContext,
  user: DashboardUser,
  uuid: string,
  query: { page?: number; page_size?: number; status?: string },
  sandboxOnly = false,
) {
  const link = await requireLink(ctx, user, uuid, sandboxOnly)
  const { rows, total } = await repo.listLinkPayments(ctx.db, link.id, query.status ?? null, pageOf(query))
  return { total, items: rows.map((r) => serializePaymentSummary({ ...r, payment_link_uuid: link.uuid })) }
}
