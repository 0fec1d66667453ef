import type { Selectable, Updateable } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { OrganizationsTable } from '../../db/schema.ts'
import { formatMinor } from '../../lib/money.ts'
import { isTimeZone } from '../../lib/billing-periods.ts'
import { AppError, notFound } from '../../lib/errors.ts'
import type { DashboardUser } from '../auth/index.ts'
import { actorOf, changedFields, recordAudit } from '../audit/index.ts'
import { EDITABLE_FIELDS, READ_ONLY_FIELDS } from './organizations.schemas.ts'
import * as repo from './organizations.repository.ts'

type OrganizationRow = Selectable<OrganizationsTable>

const isReadOnly = (field: string) => (READ_ONLY_FIELDS as readonly string[]).includes(field)

export function serializeOrganization(org: OrganizationRow) {
  return {
    id: org.id,
    name: org.name,
    website: org.website,
    contact_email: org.contact_email,
    telegram: org.telegram,
    price_mode: org.price_mode,
    min_payment: formatMinor(org.min_payment_minor),
    max_payment: formatMinor(org.max_payment_minor),
    fees: { percent: (org.fee_percent_bp / 100).toFixed(2), fixed: formatMinor(org.fee_fixed_minor) },
    rolling_reserve_percent: (org.rolling_reserve_percent_bp / 100).toFixed(2),
    rolling_reserve_days: org.rolling_reserve_days,
    adhoc_products_enabled: org.adhoc_products_enabled,
    status: org.status,
    timezone: org.timezone,
    dunning: org.dunning,
    created_at: org.created_at.toISOString(),
    updated_at: org.updated_at.toISOString(),
  }
}

export async function getOrganization(ctx: AppContext, user: DashboardUser) {
  const org = await repo.findOrganization(ctx.db, user.organizationId)
  if (!org) throw notFound('Organization')
  return serializeOrganization(org)
}

/** timezone must be an IANA name; dunning retry days increase, at most 8 within 60 days. */
function checkBillingSettings(body: Record<string, unknown>) {
  const errors: Record<string, string[]> = {}
  if (body.timezone !== undefined && !isTimeZone(body.timezone))
    errors.timezone = [`"${String(body.timezone)}" is not an IANA time zone (e.g. "Europe/Paris").`]
  const dunning = body.dunning as { retry_days?: number[] } | undefined
  const days = dunning?.retry_days ?? []
  if (days.some((d, i) => i > 0 && d <= days[i - 1]))
    errors['dunning.retry_days'] = ['Retry days must increase (e.g. [1, 3, 7]).']
  if (Object.keys(errors).length) throw new AppError('validation_error', 'Invalid billing settings.', errors)
}

/** PATCH: editable fields only; every unknown or read-only field is named in one 400 (the schema refuses them first; this keeps the rule when called directly). */
export async function updateOrganizationProfile(ctx: AppContext, user: DashboardUser, body: Record<string, unknown>) {
  const errors: Record<string, string[]> = {}
  for (const field of Object.keys(body)) {
    if ((EDITABLE_FIELDS as readonly string[]).includes(field)) continue
    errors[field] = [isReadOnly(field) ? 'This field is read-only.' : 'Unknown field.']
  }
  if (Object.keys(errors).length) {
    const readOnly = Object.keys(errors).filter(isReadOnly)
    const unknown = Object.keys(errors).filter((f) => !isReadOnly(f))
    const parts = [
      readOnly.length ? `read-only field(s): ${readOnly.join(', ')}` : '',
      unknown.length ? `unknown field(s): ${unknown.join(', ')}` : '',
    ].filter(Boolean)
    throw new AppError('validation_error', `Cannot update ${parts.join('; ')}.`, errors)
  }
  const patch: Updateable<OrganizationsTable> = {}
  checkBillingSettings(body)
  if (body.timezone !== undefined) patch.timezone = body.timezone as string
  if (body.dunning !== undefined) patch.dunning = JSON.stringify(body.dunning)
  for (const field of EDITABLE_FIELDS) {
    if (body[field] === undefined || field === 'timezone' || field === 'dunning') continue
    const value = body[field]
    ;(patch as Record<string, unknown>)[field] =
      typeof value === 'string' && field !== 'price_mode' ? value.trim() || null : value
  }
  if (patch.name === null)
    throw new AppError('validation_error', 'name: This field may not be blank.', {
      name: ['This field may not be blank.'],
    })
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.lockOrganization(trx, user.organizationId)
    if (!before) throw notFound('Organization')
    const diff = changedFields(before as unknown as Record<string, unknown>, patch as Record<string, unknown>)
    if (!diff) return serializeOrganization(before)
    const after = await repo.updateOrganization(trx, user.organizationId, patch)
    await recordAudit(
      trx,
      actorOf(user),
      { action: 'organization.updated', targetType: 'organization', targetId: user.organizationId, ...diff },
      now,
    )
    return serializeOrganization(after!)
  })
}
